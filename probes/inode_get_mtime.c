// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_INODE_GET_MTIME
 * kind: compile
 * group: fs
 * since: 6.7 (inode mtime/atime behind accessors)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: file systems read timestamps through inode_get_mtime()
 */
#include <linux/fs.h>

struct timespec64 wslx_probe(const struct inode *inode)
{
	return inode_get_mtime(inode);
}
