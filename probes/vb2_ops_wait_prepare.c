// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_VB2_OPS_WAIT_PREPARE
 * kind: compile
 * group: media/V4L2
 * since: removed in 6.15 (vb2_queue.lock is used instead)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=no
 * why: drivers set wait_prepare/wait_finish only where the field exists
 */
#include <media/videobuf2-core.h>

const struct vb2_ops wslx_probe_ops = {
	.wait_prepare = NULL,
};
