// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KMALLOC_SIZE_ROUNDUP
 * kind: compile
 * group: memory
 * since: 6.1 (kmalloc_size_roundup())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: asking the allocator for the real size of a bucket before allocating
 */
#include <linux/slab.h>

size_t wslx_probe(size_t n)
{
	return kmalloc_size_roundup(n);
}
