// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KMAP_LOCAL_PAGE
 * kind: compile
 * group: memory
 * since: 5.11 (kmap_local_page())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: kmap_atomic() is deprecated in favour of kmap_local_page()
 */
#include <linux/highmem.h>

void *wslx_probe(struct page *page)
{
	return kmap_local_page(page);
}
