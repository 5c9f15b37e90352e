// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/wslx_ring: read, write and poll a byte FIFO; ioctls for statistics
 * and reset. Blocking semantics follow pipes: readers wait while the ring is
 * empty, writers while it is full, unless the file is O_NONBLOCK.
 */
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "ring.h"

static struct wslx_ring *file_ring(struct file *file)
{
	/* misc_open() stores the struct miscdevice in private_data. */
	struct miscdevice *misc = file->private_data;

	return container_of(misc, struct wslx_ring, misc);
}

static int wslx_ring_open(struct inode *inode, struct file *file)
{
	/* A FIFO has no file position: no seeking, no pread/pwrite. */
	return stream_open(inode, file);
}

/*
 * Take ring->lock once @ready says the transfer can proceed. Returns 0 with
 * the lock held, or a negative errno without it.
 */
static int wslx_ring_wait_locked(struct wslx_ring *ring, struct file *file,
				 wait_queue_head_t *queue,
				 bool (*ready)(struct wslx_ring *ring))
{
	for (;;) {
		if (mutex_lock_interruptible(&ring->lock))
			return -ERESTARTSYS;
		if (ready(ring))
			return 0;
		mutex_unlock(&ring->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(*queue, ready(ring)))
			return -ERESTARTSYS;
	}
}

static bool ring_has_data(struct wslx_ring *ring)
{
	return READ_ONCE(ring->used) != 0;
}

static bool ring_has_space(struct wslx_ring *ring)
{
	return READ_ONCE(ring->used) < ring->size;
}

static ssize_t wslx_ring_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct wslx_ring *ring = file_ring(file);
	ssize_t ret;

	if (!count)
		return 0;
	ret = wslx_ring_wait_locked(ring, file, &ring->readq, ring_has_data);
	if (ret)
		return ret;
	ret = wslx_ring_buf_to_user(ring, ubuf, count);
	if (ret > 0) {
		ring->stats.bytes_read += ret;
		ring->stats.reads++;
	}
	mutex_unlock(&ring->lock);
	if (ret > 0)
		wake_up_interruptible(&ring->writeq);
	return ret;
}

static ssize_t wslx_ring_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct wslx_ring *ring = file_ring(file);
	ssize_t ret;

	if (!count)
		return 0;
	ret = wslx_ring_wait_locked(ring, file, &ring->writeq, ring_has_space);
	if (ret == -EAGAIN) {
		mutex_lock(&ring->lock);
		ring->stats.full_events++;
		mutex_unlock(&ring->lock);
	}
	if (ret)
		return ret;
	ret = wslx_ring_buf_from_user(ring, ubuf, count);
	if (ret > 0) {
		ring->stats.bytes_written += ret;
		ring->stats.writes++;
		atomic_set(&ring->peak_used,
			   max_t(int, atomic_read(&ring->peak_used),
				 ring->used));
	}
	mutex_unlock(&ring->lock);
	if (ret > 0)
		wake_up_interruptible(&ring->readq);
	return ret;
}

static __poll_t wslx_ring_poll(struct file *file, poll_table *wait)
{
	struct wslx_ring *ring = file_ring(file);
	__poll_t mask = 0;

	poll_wait(file, &ring->readq, wait);
	poll_wait(file, &ring->writeq, wait);
	if (ring_has_data(ring))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (ring_has_space(ring))
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

void wslx_ring_snapshot(struct wslx_ring *ring, struct wslx_ring_stats *out)
{
	mutex_lock(&ring->lock);
	*out = ring->stats;
	out->size = ring->size;
	out->used = ring->used;
	mutex_unlock(&ring->lock);
	out->ticks = atomic64_read(&ring->ticks);
	out->peak_used = atomic_read(&ring->peak_used);
	out->reserved = 0;
}

static long wslx_ring_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct wslx_ring *ring = file_ring(file);
	struct wslx_ring_stats stats;

	switch (cmd) {
	case WSLX_RING_IOC_GET_STATS:
		wslx_ring_snapshot(ring, &stats);
		if (copy_to_user((void __user *)arg, &stats, sizeof(stats)))
			return -EFAULT;
		return 0;
	case WSLX_RING_IOC_RESET:
		mutex_lock(&ring->lock);
		wslx_ring_buf_reset(ring);
		ring->stats.resets++;
		mutex_unlock(&ring->lock);
		atomic_set(&ring->peak_used, 0);
		wake_up_interruptible(&ring->writeq);
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations wslx_ring_fops = {
	.owner		= THIS_MODULE,
	.open		= wslx_ring_open,
	.read		= wslx_ring_read,
	.write		= wslx_ring_write,
	.poll		= wslx_ring_poll,
	.unlocked_ioctl	= wslx_ring_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= wslx_no_llseek,
};

int wslx_ring_dev_register(struct wslx_ring *ring)
{
	ring->misc.minor = MISC_DYNAMIC_MINOR;
	ring->misc.name = WSLX_RING_NAME;
	ring->misc.fops = &wslx_ring_fops;
	ring->misc.groups = wslx_ring_groups;
	ring->misc.mode = 0666;
	if (WSLX_RING_FAULT(MISC_REGISTER))
		return -EBUSY;
	return misc_register(&ring->misc);
}

void wslx_ring_dev_unregister(struct wslx_ring *ring)
{
	misc_deregister(&ring->misc);
}
