// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_BDEV_FILE_OPEN_BY_PATH
 * kind: compile
 * group: block
 * since: 6.9 (block devices are opened as struct file)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: code that opens a block device by path needs the file-based call
 */
#include <linux/blkdev.h>
#include <linux/fs.h>

struct file *wslx_probe(const char *path)
{
	return bdev_file_open_by_path(path, BLK_OPEN_READ, NULL, NULL);
}
