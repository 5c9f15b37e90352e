// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DISABLE_WORK_SYNC
 * kind: compile
 * group: core
 * since: 6.10 (disable_work_sync(), enable_work())
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: a work item that must not be queued again during teardown
 */
#include <linux/workqueue.h>

bool wslx_probe(struct work_struct *work)
{
	return disable_work_sync(work);
}
