// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_TASKLET_SETUP
 * kind: compile
 * group: core
 * since: 5.9 (tasklet callbacks take the tasklet)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
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
