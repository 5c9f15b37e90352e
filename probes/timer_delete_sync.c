// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_TIMER_DELETE_SYNC
 * kind: compile
 * group: timers
 * since: 6.2 (del_timer_sync() renamed; some 6.1 stables have it)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: del_timer_sync() is gone from newer kernels, timer_delete_sync() absent from older ones
 */
#include <linux/timer.h>

int wslx_probe(struct timer_list *t)
{
	return timer_delete_sync(t);
}
