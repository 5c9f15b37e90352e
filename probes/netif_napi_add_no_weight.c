// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NETIF_NAPI_ADD_NO_WEIGHT
 * kind: compile
 * group: net
 * since: 6.1 (netif_napi_add() lost its weight argument)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: the four-argument form no longer builds
 */
#include <linux/netdevice.h>

static int wslx_probe_poll(struct napi_struct *napi, int budget)
{
	return 0;
}

void wslx_probe(struct net_device *dev, struct napi_struct *napi)
{
	netif_napi_add(dev, napi, wslx_probe_poll);
}
