// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PDE_DATA_LOWERCASE
 * kind: compile
 * group: procfs/sysfs/debugfs
 * since: 5.17 (PDE_DATA() renamed pde_data())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: PDE_DATA() is gone from newer kernels
 */
#include <linux/proc_fs.h>

void *wslx_probe(const struct inode *inode)
{
	return pde_data(inode);
}
