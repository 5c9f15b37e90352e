// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_TIMER_CONTAINER_OF
 * kind: compile
 * group: timers
 * since: 6.16 (from_timer() renamed timer_container_of())
 * expect: 5.10=no 6.1=no 6.12=no 7.2=yes
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
