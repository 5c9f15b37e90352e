// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest-harness tests of wslx_ring's user interface, run in the test
 * guest while the module is loaded with its default parameters: the
 * device's read/write/poll semantics, full and empty ring, the ioctls,
 * the sysfs attributes, and concurrent readers and writers.
 *
 * kselftest_harness.h comes from a kernel source tree at build time
 * (ci/build_kselftest.sh); it is not part of this repository.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wslx_ring.h"

#define DEV	"/dev/wslx_ring"
#define SYSFS	"/sys/class/misc/wslx_ring/"

static long sysfs_long(const char *attr)
{
	char path[128], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), SYSFS "%s", attr);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtol(buf, NULL, 10);
}

static int sysfs_write(const char *attr, const char *value)
{
	char path[128];
	int fd, ret;

	snprintf(path, sizeof(path), SYSFS "%s", attr);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ret = write(fd, value, strlen(value)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

FIXTURE(ring) {
	int fd;
	long size;
};

FIXTURE_SETUP(ring)
{
	self->fd = open(DEV, O_RDWR | O_NONBLOCK);
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, ioctl(self->fd, WSLX_RING_IOC_RESET));
	self->size = sysfs_long("size");
	ASSERT_GE(self->size, 16);
}

FIXTURE_TEARDOWN(ring)
{
	close(self->fd);
}

TEST_F(ring, write_then_read_returns_the_same_bytes)
{
	char out[64] = "";

	ASSERT_EQ(11, write(self->fd, "hello, ring", 11));
	EXPECT_EQ(11, sysfs_long("used"));
	ASSERT_EQ(11, read(self->fd, out, sizeof(out)));
	EXPECT_EQ(0, memcmp(out, "hello, ring", 11));
	EXPECT_EQ(0, sysfs_long("used"));
}

TEST_F(ring, read_of_empty_ring_is_eagain)
{
	char c;

	EXPECT_EQ(-1, read(self->fd, &c, 1));
	EXPECT_EQ(EAGAIN, errno);
}

TEST_F(ring, zero_length_transfers_return_zero)
{
	char c = 0;

	EXPECT_EQ(0, write(self->fd, &c, 0));
	EXPECT_EQ(0, read(self->fd, &c, 0));
}

TEST_F(ring, full_ring_refuses_writes_and_counts_them)
{
	struct wslx_ring_stats st;
	char *buf = malloc(self->size + 1);

	ASSERT_NE(NULL, buf);
	memset(buf, 'x', self->size + 1);
	/* A write larger than the ring is cut to the free space. */
	EXPECT_EQ(self->size, write(self->fd, buf, self->size + 1));
	EXPECT_EQ(-1, write(self->fd, buf, 1));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(0, ioctl(self->fd, WSLX_RING_IOC_GET_STATS, &st));
	EXPECT_EQ(1, st.full_events);
	EXPECT_EQ((unsigned int)self->size, st.used);
	free(buf);
}

TEST_F(ring, data_wraps_around_the_end_in_order)
{
	long half = self->size / 2 + 3;
	char *in = malloc(half), *out = malloc(half);

	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, out);
	/* Move head and tail past the middle, then write across the end. */
	memset(in, 'a', half);
	ASSERT_EQ(half, write(self->fd, in, half));
	ASSERT_EQ(half, read(self->fd, out, half));
	for (long i = 0; i < half; i++)
		in[i] = (char)(i * 7);
	ASSERT_EQ(half, write(self->fd, in, half));
	ASSERT_EQ(half, read(self->fd, out, half));
	EXPECT_EQ(0, memcmp(in, out, half));
	free(in);
	free(out);
}

TEST_F(ring, poll_reports_readable_only_with_data)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN | POLLOUT };

	ASSERT_EQ(1, poll(&p, 1, 0));
	EXPECT_EQ(POLLOUT, p.revents & (POLLIN | POLLOUT));
	ASSERT_EQ(1, write(self->fd, "z", 1));
	ASSERT_EQ(1, poll(&p, 1, 0));
	EXPECT_EQ(POLLIN | POLLOUT, p.revents & (POLLIN | POLLOUT));
}

TEST_F(ring, stats_count_bytes_and_calls)
{
	struct wslx_ring_stats before, after;
	char buf[8];

	ASSERT_EQ(0, ioctl(self->fd, WSLX_RING_IOC_GET_STATS, &before));
	ASSERT_EQ(5, write(self->fd, "12345", 5));
	ASSERT_EQ(5, read(self->fd, buf, sizeof(buf)));
	ASSERT_EQ(0, ioctl(self->fd, WSLX_RING_IOC_GET_STATS, &after));
	EXPECT_EQ(before.bytes_written + 5, after.bytes_written);
	EXPECT_EQ(before.bytes_read + 5, after.bytes_read);
	EXPECT_EQ(before.writes + 1, after.writes);
	EXPECT_EQ(before.reads + 1, after.reads);
	EXPECT_EQ((unsigned int)self->size, after.size);
	EXPECT_EQ(0, after.reserved);
}

TEST_F(ring, reset_empties_the_ring_and_counts)
{
	struct wslx_ring_stats st, st2;
	char c;

	ASSERT_EQ(0, ioctl(self->fd, WSLX_RING_IOC_GET_STATS, &st));
	ASSERT_EQ(3, write(self->fd, "abc", 3));
	ASSERT_EQ(0, ioctl(self->fd, WSLX_RING_IOC_RESET));
	EXPECT_EQ(-1, read(self->fd, &c, 1));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(0, ioctl(self->fd, WSLX_RING_IOC_GET_STATS, &st2));
	EXPECT_EQ(st.resets + 1, st2.resets);
	EXPECT_EQ(0, st2.used);
}

TEST_F(ring, unknown_ioctl_is_enotty)
{
	EXPECT_EQ(-1, ioctl(self->fd, _IO(WSLX_RING_IOC_MAGIC, 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(ring, stats_to_a_bad_pointer_is_efault)
{
	EXPECT_EQ(-1, ioctl(self->fd, WSLX_RING_IOC_GET_STATS, (void *)16));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(ring, read_and_write_with_bad_buffers_are_efault)
{
	/* volatile: the compiler must not see that the pointer is bad. */
	void *volatile bad = (void *)16;

	EXPECT_EQ(-1, write(self->fd, bad, 4));
	EXPECT_EQ(EFAULT, errno);
	ASSERT_EQ(4, write(self->fd, "data", 4));
	EXPECT_EQ(-1, read(self->fd, bad, 4));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(ring, the_device_cannot_seek)
{
	EXPECT_EQ(-1, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
}

static void *blocking_reader(void *arg)
{
	static char got[8];
	int fd = open(DEV, O_RDONLY);

	if (fd < 0 || read(fd, got, 5) != 5)
		got[0] = '\0';
	if (fd >= 0)
		close(fd);
	*(char **)arg = got;
	return NULL;
}

TEST_F(ring, blocking_reader_is_woken_by_a_writer)
{
	char *got = NULL;
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, blocking_reader, &got));
	usleep(200 * 1000);	/* let it block on the empty ring */
	ASSERT_EQ(5, write(self->fd, "wake!", 5));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_NE(NULL, got);
	EXPECT_EQ(0, memcmp(got, "wake!", 5));
}

#define WRITERS		4
#define PER_WRITER	20000

static void *writer(void *arg)
{
	int fd = open(DEV, O_WRONLY);
	long left = PER_WRITER;
	char buf[97];

	memset(buf, 1, sizeof(buf));
	while (fd >= 0 && left > 0) {
		ssize_t n = write(fd, buf, left < (long)sizeof(buf) ? left : (long)sizeof(buf));

		if (n <= 0)
			break;
		left -= n;
	}
	if (fd >= 0)
		close(fd);
	*(long *)arg = PER_WRITER - left;
	return NULL;
}

TEST_F(ring, concurrent_writers_and_a_reader_lose_no_byte)
{
	long written[WRITERS], total = 0, sum = 0;
	pthread_t t[WRITERS];
	int rfd = open(DEV, O_RDONLY);
	char buf[256];

	ASSERT_GE(rfd, 0);
	for (int i = 0; i < WRITERS; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, writer, &written[i]));
	/* Every byte written is a 1: the sum read equals the count written. */
	while (total < WRITERS * PER_WRITER) {
		ssize_t n = read(rfd, buf, sizeof(buf));

		ASSERT_GT(n, 0);
		for (ssize_t i = 0; i < n; i++)
			sum += buf[i];
		total += n;
	}
	for (int i = 0; i < WRITERS; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		EXPECT_EQ(PER_WRITER, written[i]);
	}
	EXPECT_EQ(WRITERS * PER_WRITER, total);
	EXPECT_EQ(total, sum);
	close(rfd);
}

TEST(label_attribute_round_trips)
{
	char buf[64] = "";
	FILE *f;

	ASSERT_EQ(0, sysfs_write("label", "kselftest\n"));
	f = fopen(SYSFS "label", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(buf, sizeof(buf), f));
	fclose(f);
	EXPECT_STREQ("kselftest\n", buf);
}

TEST(label_attribute_refuses_too_long_and_empty)
{
	char big[100];

	memset(big, 'L', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	EXPECT_EQ(-E2BIG, sysfs_write("label", big));
	EXPECT_EQ(-EINVAL, sysfs_write("label", "  \n"));
}

TEST(size_attribute_is_read_only)
{
	EXPECT_EQ(-EACCES, sysfs_write("size", "32"));
}

TEST(class_version_matches_the_module)
{
	char a[32] = "", b[32] = "";
	FILE *f = fopen("/sys/class/wslx/version", "r");
	FILE *g = fopen("/sys/module/wslx_ring/version", "r");

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, fgets(a, sizeof(a), f));
	ASSERT_NE(NULL, fgets(b, sizeof(b), g));
	fclose(f);
	fclose(g);
	EXPECT_STREQ(b, a);
}

TEST_HARNESS_MAIN
