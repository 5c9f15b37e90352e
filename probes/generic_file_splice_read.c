// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GENERIC_FILE_SPLICE_READ
 * kind: compile
 * group: fs
 * since: removed in 6.5 (filemap_splice_read() and copy_splice_read())
 * expect: 5.10=yes 6.1=yes 6.12=no 7.2=no
 * why: old file systems point splice_read at it
 */
#include <linux/fs.h>

const struct file_operations wslx_probe_fops = {
	.splice_read = generic_file_splice_read,
};
