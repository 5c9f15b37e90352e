// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_INODE_SET_CTIME_CURRENT
 * kind: compile
 * since: 6.6 (inode timestamps behind accessors)
 * why: filesystems cannot touch i_ctime directly any more
 */
#include <linux/fs.h>

struct timespec64 wslx_probe(struct inode *inode)
{
	return inode_set_ctime_current(inode);
}
