// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_HRTIMER_SETUP
 * kind: compile
 * since: 6.13 (hrtimer_init() plus function assignment became one call)
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
