// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_ETH_HW_ADDR_SET
 * kind: compile
 * group: net
 * since: 5.15 (dev_addr became const)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: writing netdev->dev_addr directly no longer builds
 */
#include <linux/etherdevice.h>

void wslx_probe(struct net_device *dev, const u8 *addr)
{
	eth_hw_addr_set(dev, addr);
}
