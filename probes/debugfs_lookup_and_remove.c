// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEBUGFS_LOOKUP_AND_REMOVE
 * kind: compile
 * group: procfs/sysfs/debugfs
 * since: 5.19 (debugfs_lookup_and_remove())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: removing a debugfs file by name without leaking a dentry reference
 */
#include <linux/debugfs.h>

void wslx_probe(struct dentry *parent)
{
	debugfs_lookup_and_remove("wslx_probe", parent);
}
