// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KTHREAD_RUN_ON_CPU
 * kind: compile
 * group: core
 * since: 5.17 (kthread_run_on_cpu())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: a per-CPU thread created, bound and woken in one call
 */
#include <linux/kthread.h>

static int wslx_probe_fn(void *data)
{
	return 0;
}

struct task_struct *wslx_probe(void)
{
	return kthread_run_on_cpu(wslx_probe_fn, NULL, 0, "wslx-probe/%u");
}
