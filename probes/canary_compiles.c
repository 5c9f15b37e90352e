// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: WSLX_CANARY_COMPILES
 * kind: canary-yes
 * group: toolchain
 * since: always
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: must compile on every kernel; "no" means the toolchain or headers are broken
 */
#include <linux/module.h>
#include <linux/slab.h>

void *wslx_probe(size_t n)
{
	return kmalloc(n, GFP_KERNEL);
}
