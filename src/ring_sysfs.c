// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attributes on the misc device, /sys/class/misc/wslx_ring/: size, used and
 * ticks to read; label to read and write.
 */
#include <linux/device.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "ring.h"

static struct wslx_ring *dev_ring(struct device *dev)
{
	/* misc_register() sets the device's drvdata to the miscdevice. */
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct wslx_ring, misc);
}

static ssize_t size_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%zu\n", dev_ring(dev)->size);
}
static DEVICE_ATTR_RO(size);

static ssize_t used_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%zu\n", READ_ONCE(dev_ring(dev)->used));
}
static DEVICE_ATTR_RO(used);

static ssize_t ticks_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  (long long)atomic64_read(&dev_ring(dev)->ticks));
}
static DEVICE_ATTR_RO(ticks);

static ssize_t label_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct wslx_ring *ring = dev_ring(dev);
	ssize_t ret;

	mutex_lock(&ring->lock);
	ret = sysfs_emit(buf, "%s\n", ring->label);
	mutex_unlock(&ring->lock);
	return ret;
}

static ssize_t label_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct wslx_ring *ring = dev_ring(dev);
	char label[WSLX_RING_LABEL_LEN];
	ssize_t len;

	/* Refuse rather than truncate: a cut label would mislead. */
	len = strscpy(label, buf, sizeof(label));
	if (len < 0)
		return -E2BIG;
	strim(label);
	if (!label[0])
		return -EINVAL;
	mutex_lock(&ring->lock);
	strscpy(ring->label, label, sizeof(ring->label));
	mutex_unlock(&ring->lock);
	return count;
}
static DEVICE_ATTR_RW(label);

static struct attribute *wslx_ring_attrs[] = {
	&dev_attr_size.attr,
	&dev_attr_used.attr,
	&dev_attr_ticks.attr,
	&dev_attr_label.attr,
	NULL,
};

static const struct attribute_group wslx_ring_group = {
	.attrs = wslx_ring_attrs,
};

/* Not ATTRIBUTE_GROUPS(): that one is static, and ring_dev.c needs it. */
const struct attribute_group *wslx_ring_groups[] = {
	&wslx_ring_group,
	NULL,
};
