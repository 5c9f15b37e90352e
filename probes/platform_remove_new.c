// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PLATFORM_REMOVE_NEW
 * kind: compile
 * group: platform
 * since: 6.3 added .remove_new; 6.13 removed it again
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=no
 * why: the transition spelling of a void remove callback
 */
#include <linux/platform_device.h>

static void wslx_probe_remove(struct platform_device *pdev)
{
}

struct platform_driver wslx_probe_driver = {
	.remove_new = wslx_probe_remove,
};
