// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_STRING_CHOICES
 * kind: compile
 * group: core
 * since: 6.2 (linux/string_choices.h)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: str_on_off() and friends for log messages
 */
#include <linux/string_choices.h>

const char *wslx_probe(bool on)
{
	return str_on_off(on);
}
