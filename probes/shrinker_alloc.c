// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SHRINKER_ALLOC
 * kind: compile
 * group: memory
 * since: 6.7 (shrinkers are allocated by the core)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: register_shrinker() on an embedded struct shrinker no longer builds
 */
#include <linux/shrinker.h>

struct shrinker *wslx_probe(void)
{
	return shrinker_alloc(0, "wslx_probe");
}
