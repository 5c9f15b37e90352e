// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KMAP_LOCAL_PAGE
 * kind: compile
 * since: 5.11 (kmap_local_page())
 * why: kmap_atomic() is deprecated in favour of kmap_local_page()
 */
#include <linux/highmem.h>

void *wslx_probe(struct page *page)
{
	return kmap_local_page(page);
}
