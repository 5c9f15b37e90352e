// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_OF_PROPERTY_PRESENT
 * kind: compile
 * group: platform
 * since: 6.3 (of_property_present())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: checking a non-boolean property without of_find_property()
 */
#include <linux/of.h>

bool wslx_probe(const struct device_node *np)
{
	return of_property_present(np, "wslx-probe");
}
