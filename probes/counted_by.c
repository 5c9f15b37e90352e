// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_COUNTED_BY
 * kind: compile
 * group: core
 * since: 6.6 (__counted_by() annotation)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: flexible arrays annotated with the member that counts them
 */
#include <linux/compiler_types.h>
#include <linux/types.h>

struct wslx_probe_s {
	u32 n;
	u32 items[] __counted_by(n);
};

size_t wslx_probe(void)
{
	return sizeof(struct wslx_probe_s);
}
