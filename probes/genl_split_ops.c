// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GENL_SPLIT_OPS
 * kind: compile
 * since: 6.2 (split doit/dumpit generic netlink ops)
 * why: newer genetlink families describe do and dump separately
 */
#include <net/genetlink.h>

const struct genl_split_ops wslx_probe_ops[] = {
	{ .cmd = 1, .flags = GENL_CMD_CAP_DO },
};
