// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KOBJ_TYPE_DEFAULT_ATTRS
 * kind: compile
 * group: procfs/sysfs/debugfs
 * since: removed in 5.18 (kobj_type.default_groups only)
 * expect: 5.10=yes 6.1=no 6.12=no 7.2=no
 * why: old code lists attributes in default_attrs; newer kernels need default_groups
 */
#include <linux/kobject.h>

const struct kobj_type wslx_probe_ktype = {
	.default_attrs = NULL,
};
