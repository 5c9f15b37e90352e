// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_FOP_FLAGS
 * kind: compile
 * group: fs
 * since: 6.12 (file_operations.fop_flags)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: some file flags moved from f_mode at open time to fop_flags
 */
#include <linux/fs.h>

const struct file_operations wslx_probe_fops = {
	.fop_flags = FOP_UNSIGNED_OFFSET,
};
