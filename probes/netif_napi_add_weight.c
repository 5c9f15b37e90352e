// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NETIF_NAPI_ADD_WEIGHT
 * kind: compile
 * since: 5.19 (netif_napi_add_weight() for a non-default weight)
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
