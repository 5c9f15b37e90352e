// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEFINE_SHOW_STORE_ATTRIBUTE
 * kind: compile
 * group: procfs/sysfs/debugfs
 * since: 6.2 (DEFINE_SHOW_STORE_ATTRIBUTE())
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: seq_file attributes that also take writes
 */
#include <linux/seq_file.h>
#include <linux/fs.h>

static int wslx_probe_show(struct seq_file *m, void *v)
{
	return 0;
}

static ssize_t wslx_probe_write(struct file *f, const char __user *b, size_t n, loff_t *o)
{
	return n;
}

DEFINE_SHOW_STORE_ATTRIBUTE(wslx_probe);
