// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_COPY_SPLICE_READ
 * kind: compile
 * group: fs
 * since: 6.5 (copy_splice_read(); generic_file_splice_read() removed)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: a splice_read for files without a page cache
 */
#include <linux/fs.h>

const struct file_operations wslx_probe_fops = {
	.splice_read = copy_splice_read,
};
