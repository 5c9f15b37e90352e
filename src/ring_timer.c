// SPDX-License-Identifier: GPL-2.0-only
/*
 * A periodic timer that counts ticks and samples the fill level, so that
 * peak_used also catches bursts that were written and drained between two
 * reads of the statistics.
 */
#include <linux/jiffies.h>

#include "compat.h"
#include "ring.h"

static void wslx_ring_tick(struct timer_list *t)
{
	struct wslx_ring *ring = wslx_timer_container_of(ring, t, timer);
	int used = READ_ONCE(ring->used);

	atomic64_inc(&ring->ticks);
	if (used > atomic_read(&ring->peak_used))
		atomic_set(&ring->peak_used, used);
	mod_timer(&ring->timer, jiffies + msecs_to_jiffies(ring->tick_ms));
}

void wslx_ring_timer_start(struct wslx_ring *ring, unsigned int tick_ms)
{
	ring->tick_ms = tick_ms;
	timer_setup(&ring->timer, wslx_ring_tick, 0);
	if (tick_ms)
		mod_timer(&ring->timer, jiffies + msecs_to_jiffies(tick_ms));
}

void wslx_ring_timer_stop(struct wslx_ring *ring)
{
	/* The handler re-arms itself; the shutdown variant forbids that. */
	wslx_timer_shutdown_sync(&ring->timer);
}
