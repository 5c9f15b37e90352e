// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_U64_STATS_FETCH_BEGIN_IRQ
 * kind: compile
 * group: net
 * since: removed in 6.2 (u64_stats_fetch_begin() alone)
 * expect: 5.10=yes 6.1=yes 6.1-rt=no 6.12=no 7.2=no
 * why: old statistics readers use the _irq variants
 */
#include <linux/u64_stats_sync.h>

unsigned int wslx_probe(const struct u64_stats_sync *syncp)
{
	return u64_stats_fetch_begin_irq(syncp);
}
