// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KTHREAD_COMPLETE_AND_EXIT
 * kind: compile
 * since: 5.17 (complete_and_exit() renamed)
 * why: complete_and_exit() is gone from newer kernels
 */
#include <linux/kthread.h>

void wslx_probe(struct completion *c)
{
	kthread_complete_and_exit(c, 0);
}
