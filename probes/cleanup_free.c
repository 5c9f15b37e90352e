// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_CLEANUP_FREE
 * kind: compile
 * group: core
 * since: 6.5 (scope-based cleanup, linux/cleanup.h)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: __free() releases memory on every return path
 */
#include <linux/slab.h>

int wslx_probe(size_t n)
{
	void *p __free(kfree) = kmalloc(n, GFP_KERNEL);

	return p ? 0 : -ENOMEM;
}
