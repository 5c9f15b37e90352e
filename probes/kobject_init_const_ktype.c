// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KOBJECT_CONST_KTYPE
 * kind: compile
 * group: procfs/sysfs/debugfs
 * since: 6.2 (kobject_init_and_add() takes a const struct kobj_type *)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: a const kobj_type can be handed to the kobject core
 */
#include <linux/kobject.h>

static const struct kobj_type wslx_probe_ktype;

int wslx_probe(struct kobject *kobj, struct kobject *parent)
{
	return kobject_init_and_add(kobj, &wslx_probe_ktype, parent, "wslx_probe");
}
