// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_BLK_ALLOC_DISK_LIMITS
 * kind: compile
 * group: block
 * since: 6.9 (blk_alloc_disk() takes the queue_limits)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: a bio-based driver passes its limits when it allocates the disk
 */
#include <linux/blkdev.h>

struct gendisk *wslx_probe(void)
{
	return blk_alloc_disk(NULL, NUMA_NO_NODE);
}
