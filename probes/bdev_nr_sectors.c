// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_BDEV_NR_SECTORS
 * kind: compile
 * group: block
 * since: 5.15 (bdev_nr_sectors())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: the size of a block device without reaching into bd_inode
 */
#include <linux/blkdev.h>

sector_t wslx_probe(struct block_device *bdev)
{
	return bdev_nr_sectors(bdev);
}
