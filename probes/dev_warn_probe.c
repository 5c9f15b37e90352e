// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEV_WARN_PROBE
 * kind: compile
 * group: char/misc
 * since: 6.2 (dev_warn_probe())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: a probe that continues after an optional resource is missing logs with it
 */
#include <linux/device.h>

int wslx_probe(struct device *dev, int err)
{
	return dev_warn_probe(dev, err, "wslx probe\n");
}
