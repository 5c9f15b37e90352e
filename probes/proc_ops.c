// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PROC_OPS
 * kind: compile
 * since: 5.6 (procfs files take struct proc_ops, not file_operations)
 * why: proc_create() wants a struct proc_ops since 5.6
 */
#include <linux/proc_fs.h>

const struct proc_ops wslx_probe_ops = {
	.proc_read = NULL,
};
