// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GET_RANDOM_U32_INCLUSIVE
 * kind: compile
 * group: core
 * since: 6.2 (get_random_u32_inclusive())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: a random number in a closed range
 */
#include <linux/random.h>

u32 wslx_probe(void)
{
	return get_random_u32_inclusive(1, 6);
}
