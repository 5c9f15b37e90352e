// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PLATFORM_REMOVE_VOID
 * kind: compile
 * group: platform
 * since: 6.11 (platform_driver.remove returns void)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: the int-returning remove callback no longer builds
 */
#include <linux/platform_device.h>

static void wslx_probe_remove(struct platform_device *pdev)
{
}

struct platform_driver wslx_probe_driver = {
	.remove = wslx_probe_remove,
};
