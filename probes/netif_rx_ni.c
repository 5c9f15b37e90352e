// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_NETIF_RX_NI
 * kind: compile
 * group: net
 * since: removed in 5.18 (netif_rx() works in any context)
 * expect: 5.10=yes 6.1=no 6.12=no 7.2=no
 * why: old drivers call netif_rx_ni() from process context
 */
#include <linux/netdevice.h>

int wslx_probe(struct sk_buff *skb)
{
	return netif_rx_ni(skb);
}
