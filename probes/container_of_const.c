// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_CONTAINER_OF_CONST
 * kind: compile
 * group: core
 * since: 6.2 (container_of_const())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: keeps const through container_of() where the core hands out const pointers
 */
#include <linux/container_of.h>

struct wslx_probe_outer {
	int inner;
};

const struct wslx_probe_outer *wslx_probe(const int *p)
{
	return container_of_const(p, struct wslx_probe_outer, inner);
}
