// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SYSTEM_BH_WQ
 * kind: compile
 * group: core
 * since: 6.9 (BH workqueues replace tasklets)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: work that runs in softirq context without a tasklet
 */
#include <linux/workqueue.h>

bool wslx_probe(struct work_struct *work)
{
	return queue_work(system_bh_wq, work);
}
