// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_STRLCPY
 * kind: symbol
 * symbol: strlcpy
 * since: 6.8 removed strlcpy()
 * why: old code calling strlcpy() must move to strscpy()
 */
