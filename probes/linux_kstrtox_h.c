// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_LINUX_KSTRTOX_H
 * kind: compile
 * since: not recorded (kstrto*() split out of kernel.h)
 * why: code that includes <linux/kstrtox.h> directly fails where the header does not exist
 */
#include <linux/kstrtox.h>

int wslx_probe(const char *s, bool *b)
{
	return kstrtobool(s, b);
}
