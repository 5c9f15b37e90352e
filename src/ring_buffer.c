// SPDX-License-Identifier: GPL-2.0-only
/*
 * The byte FIFO behind /dev/wslx_ring. Every function here expects the
 * caller to hold ring->lock; copying to and from user space under a mutex is
 * allowed because a fault may sleep.
 */
#include <linux/minmax.h>
#include <linux/mm.h>	/* kvzalloc() lived here before slab.h took it */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ring.h"

int wslx_ring_buf_alloc(struct wslx_ring *ring, size_t size)
{
	if (WSLX_RING_FAULT(ALLOC))
		return -ENOMEM;
	ring->buf = kvzalloc(size, GFP_KERNEL);
	if (!ring->buf)
		return -ENOMEM;
	ring->size = size;
	wslx_ring_buf_reset(ring);
	return 0;
}

void wslx_ring_buf_free(struct wslx_ring *ring)
{
	kvfree(ring->buf);
	ring->buf = NULL;
	ring->size = 0;
}

void wslx_ring_buf_reset(struct wslx_ring *ring)
{
	ring->head = 0;
	ring->tail = 0;
	ring->used = 0;
}

/*
 * Copy out at most @count bytes, in up to two runs because the data may wrap
 * around the end of the buffer. A fault after some bytes were copied returns
 * the bytes copied, as read(2) does for a partial transfer.
 */
ssize_t wslx_ring_buf_to_user(struct wslx_ring *ring, char __user *ubuf,
			      size_t count)
{
	size_t done = 0;

	count = min(count, ring->used);
	while (done < count) {
		size_t run = min(count - done, ring->size - ring->tail);
		size_t left = WSLX_RING_FAULT(COPY_TO_USER) ? run :
			copy_to_user(ubuf + done, ring->buf + ring->tail, run);

		run -= left;
		ring->tail = (ring->tail + run) % ring->size;
		ring->used -= run;
		done += run;
		if (left)
			return done ? done : -EFAULT;
	}
	return done;
}

ssize_t wslx_ring_buf_from_user(struct wslx_ring *ring,
				const char __user *ubuf, size_t count)
{
	size_t done = 0;

	count = min(count, ring->size - ring->used);
	while (done < count) {
		size_t run = min(count - done, ring->size - ring->head);
		size_t left = WSLX_RING_FAULT(COPY_FROM_USER) ? run :
			copy_from_user(ring->buf + ring->head, ubuf + done, run);

		run -= left;
		ring->head = (ring->head + run) % ring->size;
		ring->used += run;
		done += run;
		if (left)
			return done ? done : -EFAULT;
	}
	return done;
}
