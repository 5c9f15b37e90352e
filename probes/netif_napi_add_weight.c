// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NETIF_NAPI_ADD_WEIGHT
 * kind: compile
 * group: net
 * since: 5.19 (netif_napi_add_weight() for a non-default weight)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: where a driver really needs its own NAPI weight
 */
#include <linux/netdevice.h>

static int wslx_probe_poll(struct napi_struct *napi, int budget)
{
	return 0;
}

void wslx_probe(struct net_device *dev, struct napi_struct *napi)
{
	netif_napi_add_weight(dev, napi, wslx_probe_poll, 16);
}
