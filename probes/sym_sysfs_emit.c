// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SYSFS_EMIT
 * kind: symbol
 * symbol: sysfs_emit
 * group: procfs/sysfs/debugfs
 * since: 5.10 (sysfs_emit())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: sysfs show() callbacks should use sysfs_emit(), not sprintf()
 */
