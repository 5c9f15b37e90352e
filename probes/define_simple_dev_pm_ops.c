// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEFINE_SIMPLE_DEV_PM_OPS
 * kind: compile
 * group: platform
 * since: 5.17 (DEFINE_SIMPLE_DEV_PM_OPS and pm_sleep_ptr)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: replaces SIMPLE_DEV_PM_OPS and its #ifdef CONFIG_PM_SLEEP guards
 */
#include <linux/pm.h>

static int wslx_probe_suspend(struct device *dev)
{
	return 0;
}

DEFINE_SIMPLE_DEV_PM_OPS(wslx_probe_pm, wslx_probe_suspend, NULL);

const struct dev_pm_ops *wslx_probe(void)
{
	return pm_sleep_ptr(&wslx_probe_pm);
}
