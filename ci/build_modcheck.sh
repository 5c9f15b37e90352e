#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_modcheck.sh [SANITIZE=1]: build tools/modcheck into build/tools/
# (or build/tools/sanitize/ with SANITIZE=1). Prints the binary's path.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

out=$WSLX_BUILD/tools
[[ ${1:-} == SANITIZE=1 ]] && out=$out/sanitize
need_cmd pkg-config pkg-config
pkg-config --exists libkmod libelf liblzma libzstd zlib ||
	die "modcheck needs libkmod and libelf headers: install the Debian packages libkmod-dev libelf-dev liblzma-dev libzstd-dev zlib1g-dev (or run: make deps)"
mkdir -p "$out"
make -s -C "$WSLX_ROOT/tools/modcheck" O="$out" "$@" >&2 ||
	die "building modcheck failed (see the compiler output above)"
printf '%s\n' "$out/modcheck"
