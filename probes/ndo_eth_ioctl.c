// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NDO_ETH_IOCTL
 * kind: compile
 * since: 5.15 (ndo_do_ioctl split into ndo_eth_ioctl and friends)
 * why: MII ioctls go through ndo_eth_ioctl
 */
#include <linux/netdevice.h>

const struct net_device_ops wslx_probe_ops = {
	.ndo_eth_ioctl = NULL,
};
