// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_CLASS_DEV_UEVENT_CONST
 * kind: compile
 * group: char/misc
 * since: 6.3 (class.dev_uevent takes a const struct device *)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: uevent callbacks of a class must match the const signature
 */
#include <linux/device.h>

static int wslx_probe_uevent(const struct device *dev, struct kobj_uevent_env *env)
{
	return 0;
}

struct class wslx_probe_class = {
	.name = "wslx_probe",
	.dev_uevent = wslx_probe_uevent,
};
