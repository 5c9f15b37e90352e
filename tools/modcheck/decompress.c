// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compressed modules (.ko.xz, .ko.zst, .ko.gz): recognised by their magic,
 * as kmod does, not by their name, and inflated in memory. The output is
 * capped, so a hostile file cannot make us allocate without bound.
 */
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "modcheck.h"

static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
static const unsigned char gzip_magic[] = { 0x1f, 0x8b };

/* Grow *buf so that at least one more byte fits; 0 or -ENOMEM/-EFBIG. */
static int grow(unsigned char **buf, size_t *cap, size_t used)
{
	size_t ncap = *cap ? *cap * 2 : 1UL << 20;
	unsigned char *n;

	if (used < *cap)
		return 0;
	if (*cap >= MC_MAX_MODULE_SIZE)
		return -EFBIG;
	n = realloc(*buf, ncap);
	if (!n)
		return -ENOMEM;
	*buf = n;
	*cap = ncap;
	return 0;
}

static int inflate_xz(const unsigned char *in, size_t len,
		      unsigned char **out, size_t *out_len)
{
	lzma_stream s = LZMA_STREAM_INIT;
	unsigned char *buf = NULL;
	size_t cap = 0;
	lzma_ret r;
	int ret = 0;

	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK)
		return -ENOMEM;
	s.next_in = in;
	s.avail_in = len;
	do {
		ret = grow(&buf, &cap, s.total_out);
		if (ret)
			break;
		s.next_out = buf + s.total_out;
		s.avail_out = cap - s.total_out;
		r = lzma_code(&s, LZMA_FINISH);
	} while (r == LZMA_OK);
	if (!ret && r != LZMA_STREAM_END)
		ret = -EINVAL;
	*out_len = s.total_out;
	lzma_end(&s);
	*out = buf;
	return ret;
}

static int inflate_zstd(const unsigned char *in, size_t len,
			unsigned char **out, size_t *out_len)
{
	ZSTD_DStream *s = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob = { NULL, 0, 0 };
	unsigned char *buf = NULL;
	size_t cap = 0, r = 1;
	int ret = 0;

	if (!s)
		return -ENOMEM;
	ZSTD_initDStream(s);
	while (r != 0) {
		ret = grow(&buf, &cap, ob.pos);
		if (ret)
			break;
		ob.dst = buf;
		ob.size = cap;
		r = ZSTD_decompressStream(s, &ob, &ib);
		if (ZSTD_isError(r) || (r && ib.pos == ib.size && ob.pos < ob.size)) {
			ret = -EINVAL;
			break;
		}
	}
	ZSTD_freeDStream(s);
	*out = buf;
	*out_len = ob.pos;
	return ret;
}

static int inflate_gzip(const unsigned char *in, size_t len,
			unsigned char **out, size_t *out_len)
{
	z_stream s = { 0 };
	unsigned char *buf = NULL;
	size_t cap = 0;
	int r = Z_OK, ret = 0;

	if (len > UINT32_MAX || inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return -EINVAL;
	s.next_in = (unsigned char *)in;
	s.avail_in = len;
	while (r == Z_OK) {
		ret = grow(&buf, &cap, s.total_out);
		if (ret)
			break;
		s.next_out = buf + s.total_out;
		s.avail_out = cap - s.total_out;
		r = inflate(&s, Z_NO_FLUSH);
	}
	if (!ret && r != Z_STREAM_END)
		ret = -EINVAL;
	*out_len = s.total_out;
	inflateEnd(&s);
	*out = buf;
	return ret;
}

int mc_decompress(const char *path, unsigned char **data, size_t *size,
		  const char **kind_out, struct mc_err *err)
{
	int (*inflater)(const unsigned char *, size_t, unsigned char **,
			size_t *) = NULL;
	const char *kind = NULL;
	unsigned char *out = NULL;
	size_t out_len = 0;
	int ret;

	if (*size >= sizeof(xz_magic) && !memcmp(*data, xz_magic, sizeof(xz_magic))) {
		inflater = inflate_xz;
		kind = "xz";
	} else if (*size >= sizeof(zstd_magic) &&
		   !memcmp(*data, zstd_magic, sizeof(zstd_magic))) {
		inflater = inflate_zstd;
		kind = "zstd";
	} else if (*size >= sizeof(gzip_magic) &&
		   !memcmp(*data, gzip_magic, sizeof(gzip_magic))) {
		inflater = inflate_gzip;
		kind = "gzip";
	}
	if (!inflater)
		return 0;
	ret = inflater(*data, *size, &out, &out_len);
	if (ret) {
		free(out);
		mc_err_set(err, "%s: %s", path,
			   ret == -EFBIG ? "decompressed module exceeds 512 MiB" :
			   ret == -ENOMEM ? "out of memory while decompressing" :
			   kind[0] == 'x' ? "corrupt or truncated xz data" :
			   kind[0] == 'z' ? "corrupt or truncated zstd data" :
			   "corrupt or truncated gzip data");
		return ret;
	}
	free(*data);
	*data = out;
	*size = out_len;
	*kind_out = kind;
	return 1;
}
