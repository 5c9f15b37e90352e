// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_V4L2_ASYNC_NF_INIT_V4L2_DEV
 * kind: compile
 * group: media/V4L2
 * since: 6.6 (v4l2_async_nf_init() takes the v4l2_device)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: async notifiers are bound to their v4l2_device when initialised
 */
#include <media/v4l2-async.h>
#include <media/v4l2-device.h>

void wslx_probe(struct v4l2_async_notifier *nf, struct v4l2_device *v4l2_dev)
{
	v4l2_async_nf_init(nf, v4l2_dev);
}
