// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SECS_TO_JIFFIES
 * kind: compile
 * group: timers
 * since: 6.13 (secs_to_jiffies())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: timeouts in seconds without msecs_to_jiffies(n * 1000)
 */
#include <linux/jiffies.h>

unsigned long wslx_probe(unsigned int s)
{
	return secs_to_jiffies(s);
}
