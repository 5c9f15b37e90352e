// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SCHED_SET_FIFO
 * kind: symbol
 * symbol: sched_set_fifo
 * group: core
 * since: 5.9 (sched_setscheduler() unexported for modules)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: modules can no longer pick their own RT priority
 */
