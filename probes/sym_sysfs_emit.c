// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SYSFS_EMIT
 * kind: symbol
 * symbol: sysfs_emit
 * since: 5.10 (sysfs_emit())
 * why: sysfs show() callbacks should use sysfs_emit(), not sprintf()
 */
