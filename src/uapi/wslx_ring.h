/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * User interface of the wslx_ring example driver: the ioctls on /dev/wslx_ring.
 * Shared by the module and by the tests that drive it from user space.
 */
#ifndef _UAPI_WSLX_RING_H
#define _UAPI_WSLX_RING_H

#include <linux/ioctl.h>
#include <linux/types.h>

struct wslx_ring_stats {
	__u64 bytes_written;	/* bytes accepted by write() */
	__u64 bytes_read;	/* bytes returned by read() */
	__u64 writes;		/* write() calls that moved data */
	__u64 reads;		/* read() calls that moved data */
	__u64 full_events;	/* non-blocking writes refused on a full ring */
	__u64 resets;		/* WSLX_RING_IOC_RESET calls */
	__u64 ticks;		/* periodic timer expiries since load */
	__u32 size;		/* capacity in bytes */
	__u32 used;		/* bytes waiting to be read */
	__u32 peak_used;	/* highest fill level the timer sampled */
	__u32 reserved;		/* zero */
};

#define WSLX_RING_IOC_MAGIC	'w'
#define WSLX_RING_IOC_GET_STATS	_IOR(WSLX_RING_IOC_MAGIC, 0x80, struct wslx_ring_stats)
#define WSLX_RING_IOC_RESET	_IO(WSLX_RING_IOC_MAGIC, 0x81)

#endif /* _UAPI_WSLX_RING_H */
