// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_FILEMAP_DIRTY_FOLIO
 * kind: compile
 * group: fs
 * since: 5.18 (dirty_folio replaced set_page_dirty)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: address spaces mark folios dirty through filemap_dirty_folio()
 */
#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/writeback.h>

const struct address_space_operations wslx_probe_aops = {
	.dirty_folio = filemap_dirty_folio,
};
