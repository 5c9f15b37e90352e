// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEV_GET_TSTATS64
 * kind: symbol
 * symbol: dev_get_tstats64
 * group: net
 * since: 5.11 (dev_get_tstats64())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: a ready-made ndo_get_stats64 for drivers using tstats
 */
