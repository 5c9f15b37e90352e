// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GENL_SMALL_OPS
 * kind: compile
 * since: 5.10 (struct genl_small_ops)
 * why: the compact op table most genetlink families use
 */
#include <net/genetlink.h>

const struct genl_small_ops wslx_probe_ops[] = {
	{ .cmd = 1 },
};
