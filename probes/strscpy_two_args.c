// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_STRSCPY_TWO_ARGS
 * kind: compile
 * group: core
 * since: 6.8 (strscpy() infers the size of an array destination)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: lets callers drop sizeof() where the destination is an array
 */
#include <linux/string.h>

ssize_t wslx_probe(const char *src)
{
	char buf[16];

	return strscpy(buf, src);
}
