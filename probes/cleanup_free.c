// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_CLEANUP_FREE
 * kind: compile
 * since: 6.5 (scope-based cleanup, linux/cleanup.h)
 * why: __free() releases memory on every return path
 */
#include <linux/slab.h>

int wslx_probe(size_t n)
{
	void *p __free(kfree) = kmalloc(n, GFP_KERNEL);

	return p ? 0 : -ENOMEM;
}
