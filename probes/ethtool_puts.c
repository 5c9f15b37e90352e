// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_ETHTOOL_PUTS
 * kind: compile
 * group: net
 * since: 6.6 (ethtool_puts())
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: constant ethtool strings without a format
 */
#include <linux/ethtool.h>

void wslx_probe(u8 **data)
{
	ethtool_puts(data, "wslx_probe");
}
