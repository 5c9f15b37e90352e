// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_USLEEP_RANGE_STATE
 * kind: compile
 * group: timers
 * since: 5.17 (usleep_range_state())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: a range sleep in a chosen task state
 */
#include <linux/delay.h>
#include <linux/sched.h>

void wslx_probe(void)
{
	usleep_range_state(10, 20, TASK_IDLE);
}
