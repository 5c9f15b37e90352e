// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_STRLCPY
// fixes: strlcpy
// shim: none (strscpy() is in every supported kernel)
// what: strlcpy(dst, src, size) whose result is unused becomes strscpy(dst, src, size);
// what: a used result is left alone (strscpy() returns -E2BIG on truncation, not a length)
@@
expression dst, src, size;
@@
- strlcpy(dst, src, size);
+ strscpy(dst, src, size);
