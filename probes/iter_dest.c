// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_ITER_DEST
 * kind: compile
 * since: not recorded (the iov_iter direction names ITER_SOURCE/ITER_DEST)
 * why: READ/WRITE as iov_iter directions were replaced by ITER_DEST/ITER_SOURCE
 */
#include <linux/uio.h>

void wslx_probe(struct iov_iter *i, struct kvec *v)
{
	iov_iter_kvec(i, ITER_DEST, v, 1, 1);
}
