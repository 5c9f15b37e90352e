// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_BLK_MQ_ALLOC_DISK_LIMITS
 * kind: compile
 * group: block
 * since: 6.9 (blk_mq_alloc_disk() takes the queue_limits)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: a blk-mq driver passes its limits when it allocates the disk
 */
#include <linux/blk-mq.h>

struct gendisk *wslx_probe(struct blk_mq_tag_set *set)
{
	return blk_mq_alloc_disk(set, NULL, NULL);
}
