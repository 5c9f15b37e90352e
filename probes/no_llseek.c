// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NO_LLSEEK
 * kind: compile
 * group: fs
 * since: 6.12 removed it (a NULL ->llseek now means not seekable)
 * expect: 5.10=yes 6.1=yes 6.12=no 7.2=no
 * why: file_operations of stream devices named no_llseek before 6.12
 */
#include <linux/fs.h>

static const struct file_operations wslx_probe_fops = {
	.llseek = no_llseek,
};

const struct file_operations *wslx_probe(void)
{
	return &wslx_probe_fops;
}
