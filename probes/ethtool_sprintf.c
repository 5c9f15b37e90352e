// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_ETHTOOL_SPRINTF
 * kind: compile
 * group: net
 * since: 5.13 (ethtool_sprintf())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: ethtool string tables are filled with it
 */
#include <linux/ethtool.h>

void wslx_probe(u8 **data)
{
	ethtool_sprintf(data, "wslx_probe_%d", 1);
}
