// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_CLASS_CREATE_ONE_ARG
 * kind: compile
 * group: char/misc
 * since: 6.4 (class_create() lost its owner argument)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: class_create(THIS_MODULE, name) before 6.4, class_create(name) since
 */
#include <linux/device.h>

struct class *wslx_probe(void)
{
	return class_create("wslx_probe");
}
