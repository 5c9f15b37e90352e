// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NETDEV_XDP_FEATURES
 * kind: compile
 * group: net
 * since: 6.3 (net_device.xdp_features)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: drivers advertise their XDP support
 */
#include <linux/netdevice.h>

void wslx_probe(struct net_device *dev)
{
	dev->xdp_features = 0;
}
