// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PIN_USER_PAGES_FAST
 * kind: symbol
 * symbol: pin_user_pages_fast
 * since: 5.6 (FOLL_PIN page pinning)
 * why: DMA to user pages should pin, not get, them
 */
