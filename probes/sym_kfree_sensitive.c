// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KFREE_SENSITIVE
 * kind: symbol
 * symbol: kfree_sensitive
 * group: memory
 * since: 5.9 (kzfree() renamed)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: kzfree() is gone from newer kernels
 */
