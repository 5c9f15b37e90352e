// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_ITER_DEST
 * kind: compile
 * group: fs
 * since: not recorded (the iov_iter direction names ITER_SOURCE/ITER_DEST)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: READ/WRITE as iov_iter directions were replaced by ITER_DEST/ITER_SOURCE
 */
#include <linux/uio.h>

void wslx_probe(struct iov_iter *i, struct kvec *v)
{
	iov_iter_kvec(i, ITER_DEST, v, 1, 1);
}
