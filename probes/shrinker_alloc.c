// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SHRINKER_ALLOC
 * kind: compile
 * since: 6.7 (shrinkers are allocated by the core)
 * why: register_shrinker() on an embedded struct shrinker no longer builds
 */
#include <linux/shrinker.h>

struct shrinker *wslx_probe(void)
{
	return shrinker_alloc(0, "wslx_probe");
}
