#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_kselftest.sh: build the kselftest-harness tests in tests/kselftest/
# as static binaries for the test guest, into build/kselftest/. The harness
# headers (kselftest_harness.h, kselftest.h) come from Debian's kernel
# source package, extracted into the cache; they are never committed.
# Prints the binaries' paths.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

tree=$("$WSLX_ROOT/ci/source_files.sh" "${KSELFTEST_SOURCE:-linux-source-6.12}" \
	tools/testing/selftests/kselftest_harness.h tools/testing/selftests/kselftest.h)
out=$WSLX_BUILD/kselftest
mkdir -p "$out"
for src in "$WSLX_ROOT"/tests/kselftest/*.c; do
	bin=$out/$(basename "$src" .c)
	if [[ ! -x $bin || $src -nt $bin || $WSLX_ROOT/src/uapi/wslx_ring.h -nt $bin ]]; then
		# -Wall, as the kernel builds its selftests: the harness header is
		# not -Wextra-clean.
		gcc -std=gnu11 -O2 -Wall -Werror -static -pthread \
			-I"$tree/tools/testing/selftests" -I"$WSLX_ROOT/src/uapi" \
			-o "$bin" "$src" ||
			die "building $(basename "$src") failed (see the compiler output above)"
	fi
	printf '%s\n' "$bin"
done
