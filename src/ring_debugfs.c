// SPDX-License-Identifier: GPL-2.0-only
/*
 * <debugfs>/wslx_ring/stats: every counter of the ring, one per line, for
 * people; programs use the WSLX_RING_IOC_GET_STATS ioctl.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "ring.h"

static int wslx_ring_stats_show(struct seq_file *m, void *unused)
{
	struct wslx_ring *ring = m->private;
	struct wslx_ring_stats s;

	wslx_ring_snapshot(ring, &s);
	seq_printf(m, "size %u\nused %u\npeak_used %u\n",
		   s.size, s.used, s.peak_used);
	seq_printf(m, "bytes_written %llu\nbytes_read %llu\n",
		   s.bytes_written, s.bytes_read);
	seq_printf(m, "writes %llu\nreads %llu\nfull_events %llu\n",
		   s.writes, s.reads, s.full_events);
	seq_printf(m, "resets %llu\nticks %llu\n", s.resets, s.ticks);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wslx_ring_stats);

/*
 * debugfs is optional: failures are not errors, and its functions accept the
 * error pointers they return, so nothing here is checked.
 */
void wslx_ring_debugfs_init(struct wslx_ring *ring)
{
	if (WSLX_RING_FAULT(DEBUGFS)) {
		ring->debugfs = ERR_PTR(-ENODEV);
		return;
	}
	ring->debugfs = debugfs_create_dir(WSLX_RING_NAME, NULL);
	debugfs_create_file("stats", 0444, ring->debugfs, ring,
			    &wslx_ring_stats_fops);
}

void wslx_ring_debugfs_exit(struct wslx_ring *ring)
{
	debugfs_remove(ring->debugfs);
	ring->debugfs = NULL;
}
