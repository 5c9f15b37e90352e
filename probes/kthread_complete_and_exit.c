// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KTHREAD_COMPLETE_AND_EXIT
 * kind: compile
 * group: core
 * since: 5.17 (complete_and_exit() renamed)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: complete_and_exit() is gone from newer kernels
 */
#include <linux/kthread.h>

void wslx_probe(struct completion *c)
{
	kthread_complete_and_exit(c, 0);
}
