// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_TIMER_DELETE
 * kind: compile
 * group: timers
 * since: 6.2 (del_timer() renamed timer_delete())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: the new name of the non-synchronous delete
 */
#include <linux/timer.h>

int wslx_probe(struct timer_list *t)
{
	return timer_delete(t);
}
