// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_MEMDUP_ARRAY_USER
 * kind: compile
 * group: memory
 * since: 6.7 (memdup_array_user())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: copying a user array with the multiplication checked
 */
#include <linux/string.h>

void *wslx_probe(const void __user *src, size_t n)
{
	return memdup_array_user(src, n, sizeof(u32));
}
