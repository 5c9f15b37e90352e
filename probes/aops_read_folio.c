// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_AOPS_READ_FOLIO
 * kind: compile
 * group: fs
 * since: 5.19 (address_space_operations.read_folio)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: file systems read pages through read_folio, not readpage
 */
#include <linux/fs.h>

const struct address_space_operations wslx_probe_aops = {
	.read_folio = NULL,
};
