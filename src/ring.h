/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interface between the files of the wslx_ring driver.
 */
#ifndef WSLX_RING_H
#define WSLX_RING_H

#include <linux/atomic.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "uapi/wslx_ring.h"
#include "wslx_fault.h"

#define WSLX_RING_NAME		"wslx_ring"
#define WSLX_CLASS_NAME		"wslx"
#define WSLX_RING_MIN_SIZE	16U
#define WSLX_RING_MAX_SIZE	SZ_1M
#define WSLX_RING_LABEL_LEN	32

struct wslx_ring {
	/* Protects buf, head, tail, used, label and the counters in stats. */
	struct mutex lock;
	u8 *buf;
	size_t size;
	size_t head;		/* next byte written goes here */
	size_t tail;		/* next byte read comes from here */
	size_t used;
	wait_queue_head_t readq;
	wait_queue_head_t writeq;
	struct wslx_ring_stats stats;
	char label[WSLX_RING_LABEL_LEN];

	/* The timer runs in softirq context, so its data are lock-free. */
	struct timer_list timer;
	unsigned int tick_ms;
	atomic64_t ticks;
	atomic_t peak_used;

	struct miscdevice misc;
	struct dentry *debugfs;
	struct class *class;
};

/*
 * Fault points (CONFIG_WSLX_FAULT_INJECTION, set with the "fault" module
 * parameter): the init path's allocation and registrations, debugfs, and
 * the copies to and from user space.
 */
enum wslx_ring_fault {
	WSLX_RING_FAULT_ALLOC,
	WSLX_RING_FAULT_CLASS,
	WSLX_RING_FAULT_MISC_REGISTER,
	WSLX_RING_FAULT_DEBUGFS,
	WSLX_RING_FAULT_COPY_TO_USER,
	WSLX_RING_FAULT_COPY_FROM_USER,
	WSLX_RING_NR_FAULTS,
};

#ifdef CONFIG_WSLX_FAULT_INJECTION
extern struct wslx_fault_point wslx_ring_faults[WSLX_RING_NR_FAULTS];
#define WSLX_RING_FAULT(point) \
	wslx_fault_should_fail(&wslx_ring_faults[WSLX_RING_FAULT_##point])
#else
/* Still names the point, so a misspelt one fails to build either way. */
#define WSLX_RING_FAULT(point)	((void)WSLX_RING_FAULT_##point, false)
#endif

/* ring_buffer.c: the byte FIFO; callers hold ring->lock. */
int wslx_ring_buf_alloc(struct wslx_ring *ring, size_t size);
void wslx_ring_buf_free(struct wslx_ring *ring);
void wslx_ring_buf_reset(struct wslx_ring *ring);
ssize_t wslx_ring_buf_to_user(struct wslx_ring *ring, char __user *ubuf,
			      size_t count);
ssize_t wslx_ring_buf_from_user(struct wslx_ring *ring,
				const char __user *ubuf, size_t count);

/* ring_dev.c: the misc character device. */
int wslx_ring_dev_register(struct wslx_ring *ring);
void wslx_ring_dev_unregister(struct wslx_ring *ring);
void wslx_ring_snapshot(struct wslx_ring *ring, struct wslx_ring_stats *out);

/* ring_sysfs.c: attributes on the device. */
extern const struct attribute_group *wslx_ring_groups[];

/* ring_class.c: the "wslx" class and its version attribute. */
int wslx_ring_class_init(struct wslx_ring *ring);
void wslx_ring_class_exit(struct wslx_ring *ring);

/* ring_debugfs.c: <debugfs>/wslx_ring/stats. */
void wslx_ring_debugfs_init(struct wslx_ring *ring);
void wslx_ring_debugfs_exit(struct wslx_ring *ring);

/* ring_timer.c: the periodic fill-level sampler. */
void wslx_ring_timer_start(struct wslx_ring *ring, unsigned int tick_ms);
void wslx_ring_timer_stop(struct wslx_ring *ring);

#endif /* WSLX_RING_H */
