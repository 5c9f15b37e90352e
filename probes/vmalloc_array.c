// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_VMALLOC_ARRAY
 * kind: compile
 * group: memory
 * since: 6.2 (vmalloc_array())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: overflow-checked vmalloc of an array
 */
#include <linux/vmalloc.h>

void *wslx_probe(size_t n)
{
	return vmalloc_array(n, sizeof(u64));
}
