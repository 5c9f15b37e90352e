// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GET_RANDOM_U32_BELOW
 * kind: compile
 * group: core
 * since: 6.2 (prandom_u32_max() replaced)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: bounded random numbers have one spelling since 6.2
 */
#include <linux/random.h>

u32 wslx_probe(void)
{
	return get_random_u32_below(10);
}
