// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_QUEUE_LIMITS_COMMIT_UPDATE
 * kind: compile
 * group: block
 * since: 6.9 (atomic queue_limits updates)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: limits change through start/commit instead of blk_queue_* setters
 */
#include <linux/blkdev.h>

int wslx_probe(struct request_queue *q)
{
	struct queue_limits lim = queue_limits_start_update(q);

	return queue_limits_commit_update(q, &lim);
}
