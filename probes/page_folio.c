// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_FOLIO
 * kind: compile
 * group: memory
 * since: 5.16 (struct folio)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: page cache code moves from struct page to struct folio
 */
#include <linux/mm.h>

struct folio *wslx_probe(struct page *page)
{
	return page_folio(page);
}
