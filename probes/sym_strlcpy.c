// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_STRLCPY
 * kind: symbol
 * symbol: strlcpy
 * group: core
 * since: 6.8 removed strlcpy()
 * expect: 5.10=yes 6.1=yes 6.12=no 7.2=no
 * why: old code calling strlcpy() must move to strscpy()
 */
