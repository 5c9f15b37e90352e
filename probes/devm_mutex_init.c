// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEVM_MUTEX_INIT
 * kind: compile
 * group: char/misc
 * since: 6.10 (devm_mutex_init())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: a mutex destroyed with the device, for drivers that use devres throughout
 */
#include <linux/mutex.h>
#include <linux/device.h>

int wslx_probe(struct device *dev, struct mutex *lock)
{
	return devm_mutex_init(dev, lock);
}
