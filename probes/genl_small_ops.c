// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GENL_SMALL_OPS
 * kind: compile
 * group: net
 * since: 5.10 (struct genl_small_ops)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: the compact op table most genetlink families use
 */
#include <net/genetlink.h>

const struct genl_small_ops wslx_probe_ops[] = {
	{ .cmd = 1 },
};
