// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KFREE_SENSITIVE
 * kind: symbol
 * symbol: kfree_sensitive
 * since: 5.9 (kzfree() renamed)
 * why: kzfree() is gone from newer kernels
 */
