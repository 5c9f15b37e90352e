// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEFINE_PROC_SHOW_ATTRIBUTE
 * kind: compile
 * group: procfs/sysfs/debugfs
 * since: 5.17 (DEFINE_PROC_SHOW_ATTRIBUTE())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: proc_ops for a seq_file show function in one line
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int wslx_probe_show(struct seq_file *m, void *v)
{
	return 0;
}

DEFINE_PROC_SHOW_ATTRIBUTE(wslx_probe);
