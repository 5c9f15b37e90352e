// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SKB_FRAG_FILL_PAGE_DESC
 * kind: compile
 * group: net
 * since: 6.5 (skb_frag_fill_page_desc())
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: fragments are filled with one call instead of three setters
 */
#include <linux/skbuff.h>

void wslx_probe(skb_frag_t *frag, struct page *page)
{
	skb_frag_fill_page_desc(frag, page, 0, PAGE_SIZE);
}
