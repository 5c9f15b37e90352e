// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_HRTIMER_SETUP
 * kind: compile
 * group: timers
 * since: 6.13 (hrtimer_init() plus function assignment became one call)
 * expect: 5.10=no 6.1=no 6.12=no 7.2=yes
 * why: newer kernels drop hrtimer_init(); hrtimer_setup() sets the callback at init
 */
#include <linux/hrtimer.h>

static enum hrtimer_restart wslx_probe_fn(struct hrtimer *t)
{
	return HRTIMER_NORESTART;
}

void wslx_probe(struct hrtimer *t)
{
	hrtimer_setup(t, wslx_probe_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
}
