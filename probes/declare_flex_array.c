// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DECLARE_FLEX_ARRAY
 * kind: compile
 * group: core
 * since: 5.16 (DECLARE_FLEX_ARRAY())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: flexible arrays inside unions need the helper
 */
#include <linux/stddef.h>
#include <linux/types.h>

struct wslx_probe_msg {
	int len;
	union {
		DECLARE_FLEX_ARRAY(u8, bytes);
		DECLARE_FLEX_ARRAY(u32, words);
	};
};

int wslx_probe(struct wslx_probe_msg *m)
{
	return m->bytes[0];
}
