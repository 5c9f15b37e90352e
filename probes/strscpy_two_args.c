// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_STRSCPY_TWO_ARGS
 * kind: compile
 * since: 6.8 (strscpy() infers the size of an array destination)
 * why: lets callers drop sizeof() where the destination is an array
 */
#include <linux/string.h>

ssize_t wslx_probe(const char *src)
{
	char buf[16];

	return strscpy(buf, src);
}
