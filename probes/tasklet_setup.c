// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_TASKLET_SETUP
 * kind: compile
 * since: 5.9 (tasklet callbacks take the tasklet)
 * why: tasklet_init() with an unsigned long cookie is on its way out
 */
#include <linux/interrupt.h>

static void wslx_probe_fn(struct tasklet_struct *t)
{
}

void wslx_probe(struct tasklet_struct *t)
{
	tasklet_setup(t, wslx_probe_fn);
}
