// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_AOPS_WRITEPAGE
 * kind: compile
 * group: fs
 * since: removed in 6.16 (address_space_operations.writepage)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=no
 * why: old file systems implement writepage
 */
#include <linux/fs.h>

const struct address_space_operations wslx_probe_aops = {
	.writepage = NULL,
};
