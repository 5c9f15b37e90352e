// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PDE_DATA_LOWERCASE
 * kind: compile
 * since: 5.17 (PDE_DATA() renamed pde_data())
 * why: PDE_DATA() is gone from newer kernels
 */
#include <linux/proc_fs.h>

void *wslx_probe(const struct inode *inode)
{
	return pde_data(inode);
}
