// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GET_USER_PAGES_NO_VMAS
 * kind: compile
 * group: memory
 * since: 6.5 (get_user_pages() lost its vmas argument)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: the five-argument form no longer builds
 */
#include <linux/mm.h>

long wslx_probe(unsigned long start, struct page **pages)
{
	return get_user_pages(start, 1, FOLL_WRITE, pages);
}
