// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_CONST_STRUCT_CLASS
 * kind: compile
 * since: 6.4 (the driver core takes const struct class)
 * why: a driver can keep its struct class const (in .rodata) only when the core accepts that
 */
#include <linux/device.h>

int (*wslx_probe)(const struct class *cls) = class_register;
