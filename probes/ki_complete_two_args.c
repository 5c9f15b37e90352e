// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KI_COMPLETE_TWO_ARGS
 * kind: compile
 * group: fs
 * since: 5.16 (kiocb.ki_complete lost its second result)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: async I/O completions must match the callback
 */
#include <linux/fs.h>

void wslx_probe(struct kiocb *iocb)
{
	iocb->ki_complete(iocb, 0);
}
