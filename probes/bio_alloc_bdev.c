// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_BIO_ALLOC_BDEV
 * kind: compile
 * group: block
 * since: 5.18 (bio_alloc() takes the block device and operation)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: bios are allocated for a device and an operation in one call
 */
#include <linux/bio.h>

struct bio *wslx_probe(struct block_device *bdev)
{
	return bio_alloc(bdev, 1, REQ_OP_READ, GFP_KERNEL);
}
