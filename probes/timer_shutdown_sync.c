// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_TIMER_SHUTDOWN_SYNC
 * kind: compile
 * group: timers
 * since: 6.2 (timer_shutdown API); also backported to later 6.1 stables
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: only the shutdown variant reliably stops a timer that re-arms itself
 */
#include <linux/timer.h>

void wslx_probe(struct timer_list *t)
{
	timer_shutdown_sync(t);
}
