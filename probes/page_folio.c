// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_FOLIO
 * kind: compile
 * since: 5.16 (struct folio)
 * why: page cache code moves from struct page to struct folio
 */
#include <linux/mm.h>

struct folio *wslx_probe(struct page *page)
{
	return page_folio(page);
}
