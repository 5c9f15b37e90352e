// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KREALLOC_ARRAY
 * kind: compile
 * group: memory
 * since: 5.11 (krealloc_array())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: overflow-checked array reallocation
 */
#include <linux/slab.h>

void *wslx_probe(void *p, size_t n)
{
	return krealloc_array(p, n, sizeof(int), GFP_KERNEL);
}
