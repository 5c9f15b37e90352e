// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GENL_SPLIT_OPS
 * kind: compile
 * group: net
 * since: 6.2 (split doit/dumpit generic netlink ops)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: newer genetlink families describe do and dump separately
 */
#include <net/genetlink.h>

const struct genl_split_ops wslx_probe_ops[] = {
	{ .cmd = 1, .flags = GENL_CMD_CAP_DO },
};
