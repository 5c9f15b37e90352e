// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "wslx" device class: /sys/class/wslx/version tells user space which
 * version of the driver is loaded, before it opens the device.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "ring.h"

static ssize_t WSLX_CLASS_ATTR_SHOW(version)
{
	return sysfs_emit(buf, "%s\n", WSLX_MODULE_VERSION);
}
static CLASS_ATTR_RO(version);

int wslx_ring_class_init(struct wslx_ring *ring)
{
	int ret;

	ring->class = WSLX_RING_FAULT(CLASS) ? ERR_PTR(-ENOMEM) :
		wslx_class_create(WSLX_CLASS_NAME);
	if (IS_ERR(ring->class))
		return PTR_ERR(ring->class);
	ret = class_create_file(ring->class, &class_attr_version);
	if (ret) {
		class_destroy(ring->class);
		ring->class = NULL;
	}
	return ret;
}

void wslx_ring_class_exit(struct wslx_ring *ring)
{
	class_remove_file(ring->class, &class_attr_version);
	class_destroy(ring->class);
	ring->class = NULL;
}
