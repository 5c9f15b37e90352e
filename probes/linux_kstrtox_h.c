// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_LINUX_KSTRTOX_H
 * kind: compile
 * group: core
 * since: not recorded (kstrto*() split out of kernel.h)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: code that includes <linux/kstrtox.h> directly fails where the header does not exist
 */
#include <linux/kstrtox.h>

int wslx_probe(const char *s, bool *b)
{
	return kstrtobool(s, b);
}
