// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KVREALLOC_NO_OLDSIZE
 * kind: compile
 * group: memory
 * since: 6.12 (kvrealloc() lost its old-size argument)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: callers pass only the new size
 */
#include <linux/slab.h>

void *wslx_probe(void *p, size_t n)
{
	return kvrealloc(p, n, GFP_KERNEL);
}
