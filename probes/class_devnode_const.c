// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_CLASS_DEVNODE_CONST
 * kind: compile
 * group: char/misc
 * since: 6.2 (class.devnode takes a const struct device *)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: a class that names its /dev nodes must match the const signature
 */
#include <linux/device.h>

static char *wslx_probe_devnode(const struct device *dev, umode_t *mode)
{
	return NULL;
}

struct class wslx_probe_class = {
	.name = "wslx_probe",
	.devnode = wslx_probe_devnode,
};
