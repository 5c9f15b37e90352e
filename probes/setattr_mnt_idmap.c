// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SETATTR_MNT_IDMAP
 * kind: compile
 * group: fs
 * since: 6.3 (inode_operations take struct mnt_idmap *)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: setattr/getattr/permission of a file system must match
 */
#include <linux/fs.h>

static int wslx_probe_setattr(struct mnt_idmap *idmap, struct dentry *dentry,
			      struct iattr *attr)
{
	return 0;
}

const struct inode_operations wslx_probe_iops = {
	.setattr = wslx_probe_setattr,
};
