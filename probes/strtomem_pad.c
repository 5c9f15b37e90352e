// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_STRTOMEM_PAD
 * kind: compile
 * group: core
 * since: 6.0 (strtomem_pad() for fixed-width non-string fields)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: replaces strncpy() into fields that are not NUL-terminated
 */
#include <linux/kernel.h>
#include <linux/string.h>

/* Newer kernels also insist that the field is marked __nonstring. */
struct wslx_probe_rec {
	char tag[8] __nonstring;
};

/* strtomem_pad() insists on a destination of known size: a local array. */
struct wslx_probe_rec wslx_probe(const char *s)
{
	struct wslx_probe_rec r;

	strtomem_pad(r.tag, s, 0);
	return r;
}
