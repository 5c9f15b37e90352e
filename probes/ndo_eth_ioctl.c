// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NDO_ETH_IOCTL
 * kind: compile
 * group: net
 * since: 5.15 (ndo_do_ioctl split into ndo_eth_ioctl and friends)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: MII ioctls go through ndo_eth_ioctl
 */
#include <linux/netdevice.h>

const struct net_device_ops wslx_probe_ops = {
	.ndo_eth_ioctl = NULL,
};
