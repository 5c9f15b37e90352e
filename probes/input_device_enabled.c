// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_INPUT_DEVICE_ENABLED
 * kind: compile
 * group: input
 * since: 5.11 (input_device_enabled(), inhibited input devices)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: suspend paths skip inhibited devices
 */
#include <linux/input.h>

bool wslx_probe(struct input_dev *dev)
{
	return input_device_enabled(dev);
}
