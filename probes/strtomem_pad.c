// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_STRTOMEM_PAD
 * kind: compile
 * since: 6.0 (strtomem_pad() for fixed-width non-string fields)
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
