// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_FOP_FLAGS
 * kind: compile
 * since: 6.12 (file_operations.fop_flags)
 * why: some file flags moved from f_mode at open time to fop_flags
 */
#include <linux/fs.h>

const struct file_operations wslx_probe_fops = {
	.fop_flags = FOP_UNSIGNED_OFFSET,
};
