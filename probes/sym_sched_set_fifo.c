// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SCHED_SET_FIFO
 * kind: symbol
 * symbol: sched_set_fifo
 * since: 5.9 (sched_setscheduler() unexported for modules)
 * why: modules can no longer pick their own RT priority
 */
