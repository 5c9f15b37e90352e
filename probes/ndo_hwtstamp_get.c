// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NDO_HWTSTAMP_GET
 * kind: compile
 * group: net
 * since: 6.6 (ndo_hwtstamp_get/ndo_hwtstamp_set)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: hardware timestamping moves out of the ioctl path
 */
#include <linux/netdevice.h>

const struct net_device_ops wslx_probe_ops = {
	.ndo_hwtstamp_get = NULL,
};
