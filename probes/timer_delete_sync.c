// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_TIMER_DELETE_SYNC
 * kind: compile
 * since: 6.2 (del_timer_sync() renamed; some 6.1 stables have it)
 * why: del_timer_sync() is gone from newer kernels, timer_delete_sync() absent from older ones
 */
#include <linux/timer.h>

int wslx_probe(struct timer_list *t)
{
	return timer_delete_sync(t);
}
