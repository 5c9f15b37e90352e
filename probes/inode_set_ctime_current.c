// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_INODE_SET_CTIME_CURRENT
 * kind: compile
 * group: fs
 * since: 6.6 (inode timestamps behind accessors)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: filesystems cannot touch i_ctime directly any more
 */
#include <linux/fs.h>

struct timespec64 wslx_probe(struct inode *inode)
{
	return inode_set_ctime_current(inode);
}
