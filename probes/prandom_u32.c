// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PRANDOM_U32
 * kind: compile
 * group: core
 * since: removed in 6.2 (get_random_u32() instead)
 * expect: 5.10=yes 6.1=no 6.12=no 7.2=no
 * why: old code draws pseudo-random numbers with it
 */
#include <linux/random.h>
#include <linux/prandom.h>

u32 wslx_probe(void)
{
	return prandom_u32();
}
