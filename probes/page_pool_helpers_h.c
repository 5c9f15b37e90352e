// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PAGE_POOL_HELPERS_H
 * kind: compile
 * group: net
 * since: 6.6 (net/page_pool/helpers.h split from net/page_pool.h)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: page pool users include the split headers
 */
#include <net/page_pool/helpers.h>

void wslx_probe(struct page_pool *pool, struct page *page)
{
	page_pool_put_full_page(pool, page, false);
}
