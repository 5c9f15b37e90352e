// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KMEM_CACHE_ARGS
 * kind: compile
 * group: memory
 * since: 6.12 (kmem_cache_create() with struct kmem_cache_args)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: caches with a usercopy region or a constructor are made with the args struct
 */
#include <linux/slab.h>

struct kmem_cache *wslx_probe(void)
{
	struct kmem_cache_args args = { .align = 8 };

	return kmem_cache_create("wslx_probe", 64, &args, 0);
}
