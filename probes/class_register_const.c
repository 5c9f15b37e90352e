// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_CONST_STRUCT_CLASS
 * kind: compile
 * group: char/misc
 * since: 6.4 (the driver core takes const struct class)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: a driver can keep its struct class const (in .rodata) only when the core accepts that
 */
#include <linux/device.h>

int (*wslx_probe)(const struct class *cls) = class_register;
