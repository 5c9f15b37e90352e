// SPDX-License-Identifier: GPL-2.0-only
/*
 * wslx_ring: module parameters, load and unload. The device is registered
 * last, because user space may open it the moment it appears.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "ring.h"

static unsigned int ring_size = 4096;
module_param(ring_size, uint, 0444);
MODULE_PARM_DESC(ring_size, "Ring capacity in bytes (16 to 1048576)");

static unsigned int tick_ms = 1000;
module_param(tick_ms, uint, 0444);
MODULE_PARM_DESC(tick_ms, "Fill-level sampling period in ms (0: no timer)");

static char *label = "default";
module_param(label, charp, 0444);
MODULE_PARM_DESC(label, "Initial value of the label sysfs attribute");

static struct wslx_ring wslx_ring;

#ifdef CONFIG_WSLX_FAULT_INJECTION
struct wslx_fault_point wslx_ring_faults[WSLX_RING_NR_FAULTS] = {
	[WSLX_RING_FAULT_ALLOC]		 = WSLX_FAULT_POINT("alloc"),
	[WSLX_RING_FAULT_CLASS]		 = WSLX_FAULT_POINT("class"),
	[WSLX_RING_FAULT_MISC_REGISTER]	 = WSLX_FAULT_POINT("misc_register"),
	[WSLX_RING_FAULT_DEBUGFS]	 = WSLX_FAULT_POINT("debugfs"),
	[WSLX_RING_FAULT_COPY_TO_USER]	 = WSLX_FAULT_POINT("copy_to_user"),
	[WSLX_RING_FAULT_COPY_FROM_USER] = WSLX_FAULT_POINT("copy_from_user"),
};

static char *fault;
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "Fault rules: location=action[,...] (test builds only)");
#endif

static int __init wslx_ring_init(void)
{
	struct wslx_ring *ring = &wslx_ring;
	int ret;

	if (ring_size < WSLX_RING_MIN_SIZE || ring_size > WSLX_RING_MAX_SIZE) {
		pr_err(WSLX_RING_NAME ": ring_size=%u is outside %u..%u\n",
		       ring_size, WSLX_RING_MIN_SIZE, WSLX_RING_MAX_SIZE);
		return -EINVAL;
	}
	if (strscpy(ring->label, label, sizeof(ring->label)) < 0) {
		pr_err(WSLX_RING_NAME ": label is longer than %d bytes\n",
		       WSLX_RING_LABEL_LEN - 1);
		return -EINVAL;
	}

#ifdef CONFIG_WSLX_FAULT_INJECTION
	ret = wslx_fault_configure(wslx_ring_faults, WSLX_RING_NR_FAULTS,
				   fault, WSLX_RING_NAME);
	if (ret)
		return ret;
#endif
	mutex_init(&ring->lock);
	init_waitqueue_head(&ring->readq);
	init_waitqueue_head(&ring->writeq);
	ret = wslx_ring_buf_alloc(ring, ring_size);
	if (ret)
		return ret;

	ret = wslx_ring_class_init(ring);
	if (ret)
		goto err_free_buf;
	wslx_ring_timer_start(ring, tick_ms);
	wslx_ring_debugfs_init(ring);
	ret = wslx_ring_dev_register(ring);
	if (ret)
		goto err_unwind;

	pr_info(WSLX_RING_NAME ": %u-byte ring at /dev/%s, version %s\n",
		ring_size, WSLX_RING_NAME, WSLX_MODULE_VERSION);
	return 0;

err_unwind:
	wslx_ring_debugfs_exit(ring);
	wslx_ring_timer_stop(ring);
	/* A deliberate bug, for the tests that must catch it: leak the class. */
	if (!IS_ENABLED(CONFIG_WSLX_TEST_LEAK))
		wslx_ring_class_exit(ring);
err_free_buf:
	wslx_ring_buf_free(ring);
	return ret;
}

static void __exit wslx_ring_exit(void)
{
	struct wslx_ring *ring = &wslx_ring;

	wslx_ring_dev_unregister(ring);
	wslx_ring_debugfs_exit(ring);
	wslx_ring_timer_stop(ring);
	wslx_ring_class_exit(ring);
	wslx_ring_buf_free(ring);
}

module_init(wslx_ring_init);
module_exit(wslx_ring_exit);

MODULE_DESCRIPTION("Byte ring buffer behind a misc device (wslx example)");
MODULE_AUTHOR("wslx developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(WSLX_MODULE_VERSION);
