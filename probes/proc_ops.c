// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PROC_OPS
 * kind: compile
 * group: procfs/sysfs/debugfs
 * since: 5.6 (procfs files take struct proc_ops, not file_operations)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: proc_create() wants a struct proc_ops since 5.6
 */
#include <linux/proc_fs.h>

const struct proc_ops wslx_probe_ops = {
	.proc_read = NULL,
};
