// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PIN_USER_PAGES_FAST
 * kind: symbol
 * symbol: pin_user_pages_fast
 * group: memory
 * since: 5.6 (FOLL_PIN page pinning)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: DMA to user pages should pin, not get, them
 */
