// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SET_CAPACITY_AND_NOTIFY
 * kind: compile
 * group: block
 * since: 5.11 (set_capacity_and_notify())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: a resize that tells user space, replacing revalidate_disk_size()
 */
#include <linux/blkdev.h>

bool wslx_probe(struct gendisk *disk, sector_t size)
{
	return set_capacity_and_notify(disk, size);
}
