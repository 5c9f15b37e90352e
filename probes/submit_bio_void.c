// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SUBMIT_BIO_VOID
 * kind: compile
 * group: block
 * since: 5.16 (submit_bio() returns nothing)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: callers that used the returned cookie must stop
 */
#include <linux/bio.h>
#include <linux/blkdev.h>

void (*wslx_probe_submit)(struct bio *) = submit_bio;
