// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NETIF_SET_TSO_MAX_SIZE
 * kind: compile
 * group: net
 * since: 5.19 (netif_set_tso_max_size())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: the TSO limit is set through the helper, not gso_max_size
 */
#include <linux/netdevice.h>

void wslx_probe(struct net_device *dev)
{
	netif_set_tso_max_size(dev, 65536);
}
