// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_ETHTOOL_KEEE
 * kind: compile
 * group: net
 * since: 6.9 (get_eee/set_eee take struct ethtool_keee)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: EEE callbacks of an ethtool_ops must match
 */
#include <linux/ethtool.h>

static int wslx_probe_get_eee(struct net_device *dev, struct ethtool_keee *eee)
{
	return 0;
}

const struct ethtool_ops wslx_probe_ops = {
	.get_eee = wslx_probe_get_eee,
};
