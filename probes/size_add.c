// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SIZE_ADD
 * kind: compile
 * group: core
 * since: 5.18 (size_add() and size_mul() saturate)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: overflow-safe size arithmetic for allocations
 */
#include <linux/overflow.h>

size_t wslx_probe(size_t a, size_t b)
{
	return size_add(a, b);
}
