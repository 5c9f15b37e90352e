// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_ETHTOOL_RINGPARAM_KERNEL
 * kind: compile
 * group: net
 * since: 5.17 (get_ringparam takes kernel_ethtool_ringparam and extack)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: the two-argument callback no longer builds
 */
#include <linux/ethtool.h>

static void wslx_probe_get(struct net_device *dev, struct ethtool_ringparam *ring,
			   struct kernel_ethtool_ringparam *kring,
			   struct netlink_ext_ack *extack)
{
}

const struct ethtool_ops wslx_probe_ops = {
	.get_ringparam = wslx_probe_get,
};
