// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_FIELD_PREP_CONST
 * kind: compile
 * group: core
 * since: 6.2 (FIELD_PREP_CONST() for initialisers)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: bitfield values in static tables
 */
#include <linux/bitfield.h>
#include <linux/bits.h>

const u32 wslx_probe_val = FIELD_PREP_CONST(GENMASK(7, 4), 3);
