// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_BLOCK_OPEN_GENDISK
 * kind: compile
 * group: block
 * since: 6.5 (block_device_operations.open takes the gendisk and a blk_mode_t)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: open/release callbacks of a block driver must match
 */
#include <linux/blkdev.h>

static int wslx_probe_open(struct gendisk *disk, blk_mode_t mode)
{
	return 0;
}

const struct block_device_operations wslx_probe_ops = {
	.open = wslx_probe_open,
};
