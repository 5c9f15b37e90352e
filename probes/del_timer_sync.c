// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEL_TIMER_SYNC
 * kind: compile
 * group: timers
 * since: removed after the timer_delete*() rename (version not recorded)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=no
 * why: the old spelling, for kernels that predate timer_delete_sync()
 */
#include <linux/timer.h>

int wslx_probe(struct timer_list *t)
{
	return del_timer_sync(t);
}
