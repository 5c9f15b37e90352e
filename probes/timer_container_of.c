// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_TIMER_CONTAINER_OF
 * kind: compile
 * since: 6.16 (from_timer() renamed timer_container_of())
 * why: from_timer() is gone in newer kernels, timer_container_of() absent in older ones
 */
#include <linux/timer.h>

struct wslx_probe_holder {
	struct timer_list timer;
};

struct wslx_probe_holder *wslx_probe(struct timer_list *t)
{
	struct wslx_probe_holder *h = timer_container_of(h, t, timer);

	return h;
}
