// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_FOLIO_ALLOC
 * kind: compile
 * group: memory
 * since: 5.16 (folio_alloc())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: allocating a folio rather than a compound page
 */
#include <linux/gfp.h>
#include <linux/mm.h>

struct folio *wslx_probe(void)
{
	return folio_alloc(GFP_KERNEL, 0);
}
