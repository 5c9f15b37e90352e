// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GET_USER_PAGES_NO_VMAS
 * kind: compile
 * since: 6.5 (get_user_pages() lost its vmas argument)
 * why: the five-argument form no longer builds
 */
#include <linux/mm.h>

long wslx_probe(unsigned long start, struct page **pages)
{
	return get_user_pages(start, 1, FOLL_WRITE, pages);
}
