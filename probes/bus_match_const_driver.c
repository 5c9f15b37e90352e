// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_BUS_MATCH_CONST_DRIVER
 * kind: compile
 * group: char/misc
 * since: 6.11 (bus_type.match takes a const struct device_driver *)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: a bus match callback of the wrong signature no longer builds
 */
#include <linux/device.h>

static int wslx_probe_match(struct device *dev, const struct device_driver *drv)
{
	return 0;
}

const struct bus_type wslx_probe_bus = {
	.name = "wslx_probe",
	.match = wslx_probe_match,
};
