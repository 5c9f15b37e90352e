# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2153 # sets and reads the lane variables (kernel.env)
#
# Helpers for test files: TAP results, and the real kernels and tools the
# tests need (prepared through the same scripts users run).
set -euo pipefail
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# die, step, info, identity, kdir_release, kbuild_cc_args: the shell helpers
# the DKMS-shipped scripts use.
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$TESTS_DIR/../packaging/dkms/shipped/lib.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wslx-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

pass() { printf 'ok - %s\n' "$1"; }
# fail WHAT [DETAIL...]: every line of every detail becomes a "# " comment,
# so that KTAP quoted in a detail is never counted as a result.
fail() {
	printf 'not ok - %s\n' "$1"
	shift
	[[ $# -gt 0 ]] && printf '%s\n' "$@" | sed 's/^/# /'
	return 0
}
skip() { printf 'ok - %s # SKIP %s\n' "$1" "$2"; }

# check WHAT CMD...: pass when CMD succeeds; on failure show its output.
check() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$what"
	else
		fail "$what" "command: $*" "$(tail -n 5 <<<"$out")"
	fi
}

# run_capture CMD...: run CMD, keeping stdout, stderr and status in
# $OUT, $ERR, $RC, whatever the status.
run_capture() {
	RC=0
	"$@" >"$TMP/out" 2>"$TMP/err" || RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

# expect_error WHAT PATTERN CMD...: CMD must exit non-zero with exactly one
# "wslx: error:" line on stderr, and that line must match PATTERN.
expect_error() {
	local what=$1 pattern=$2 errs
	shift 2
	run_capture "$@"
	errs=$(grep -c '^wslx: error:' <<<"$ERR" || true)
	if [[ $RC -ne 0 && $errs -eq 1 ]] && grep -q -- "$pattern" <<<"$(grep '^wslx: error:' <<<"$ERR")"; then
		pass "$what"
	else
		fail "$what" "exit $RC, $errs error lines, wanted one matching: $pattern" "$(tail -n 3 <<<"$ERR")"
	fi
}

# use_lane LANE: prepare the lane (cached) and load its kernel.env.
use_lane() {
	"$WSLX_ROOT/ci/prepare_lane.sh" "$1" >/dev/null 2>"$TMP/prepare.err" || {
		cat "$TMP/prepare.err" >&2
		return 1
	}
	# shellcheck source=/dev/null
	source "$WSLX_BUILD/lanes/$1/kernel.env"
}

# lane_ko LANE: prepare the lane and build the module for its kernel; sets
# the lane's variables (KDIR, KREL, ...) and KO, the .ko's path.
lane_ko() {
	use_lane "$1" || return 1
	KO=$("$WSLX_ROOT/tools/wslx-cli" build --lane "$1" 2>"$TMP/build.err") || {
		cat "$TMP/build.err" >&2
		return 1
	}
}

modcheck_bin() {
	"$WSLX_ROOT/ci/build_modcheck.sh" 2>/dev/null
}

# modcheck_asan: modcheck built with ASan and UBSan, for tests of the tool.
modcheck_asan() {
	"$WSLX_ROOT/ci/build_modcheck.sh" SANITIZE=1 2>/dev/null
}

# fixture_ko NAME [MAKE VARIABLES...]: build tests/fixtures/NAME against
# $KDIR in a scratch copy (kbuild writes next to the sources); prints the
# .ko path.
fixture_ko() {
	local dir=$TMP/fixture-$1-$KREL name=$1
	shift
	rm -rf "$dir"
	cp -r "$TESTS_DIR/fixtures/$name" "$dir"
	local cc_args
	mapfile -t cc_args < <(kbuild_cc_args "$KDIR" 2>/dev/null)
	make -C "$KDIR" M="$dir" "${cc_args[@]}" "$@" modules >"$dir/build.log" 2>&1 || {
		tail -n 5 "$dir/build.log" >&2
		return 1
	}
	printf '%s\n' "$dir/$name.ko"
}

# guest PLAN-TEXT [qemu_run.sh options...]: boot $KERNEL_IMAGE with a plan;
# sets RC, OUT (the results channel) and ERR (the runner's stderr).
guest() {
	local plan=$1
	shift
	printf '%s\n' "$plan" >"$TMP/plan.sh"
	rm -rf "$TMP/guest"
	modcheck_bin >/dev/null
	run_capture "$WSLX_ROOT/ci/qemu_run.sh" --kernel "$KERNEL_IMAGE" \
		--plan "$TMP/plan.sh" --out "$TMP/guest" "$@"
	OUT=$(cat "$TMP/guest/results.ktap" 2>/dev/null || true)
}

# debian_source_tarball X.Y: Debian's linux-source-X.Y tarball (downloaded
# once into the cache): the stand-in source CI gives the source lanes.
debian_source_tarball() {
	"$WSLX_ROOT/ci/source_files.sh" --tarball "linux-source-$1" 2>/dev/null
}

# debian_source_tree X.Y: Debian's linux-source-X.Y unpacked into a folder
# of the cache (once), the stand-in for a developer's own kernel tree
# (--source DIR): the source lanes build it where it is, with O=. The tests
# that share it (t_source_errors, t_source_lanes, t_sigforce) reuse one
# kernel build. Edit it only by replacing files (sed -i), and put back what
# you change.
debian_source_tree() {
	local tarball dir=$WSLX_CACHE/test-trees/linux-$1
	if [[ ! -f $dir/Makefile ]]; then
		tarball=$(debian_source_tarball "$1") || return 1
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		tar -xf "$tarball" -C "$dir.tmp" --strip-components=1 || return 1
		rm -rf "$dir"
		mv "$dir.tmp" "$dir"
	fi
	printf '%s\n' "$dir"
}

# lane_files_digest LANE: a digest of a lane's last result (the run its
# "latest" link names, and that run's record and .ko) and remembered
# source, to show that a failed attempt left them as they were.
lane_files_digest() {
	local dir=$WSLX_BUILD/lanes/$1
	{
		readlink "$dir/latest"
		cd "$dir" && sha256sum latest/record.json latest/*.ko kernel.env source.json 2>/dev/null
	} | sha256sum
}

# burnin_check LANE N [RC]: make burnin (or, given RC, the status of one
# already run), and a result for its cycles; OUT holds the burn-in's KTAP
# afterwards (its kmemleak line for the caller).
burnin_check() {
	if [[ $# -gt 2 ]]; then
		RC=$3
	else
		run_capture make -s -C "$WSLX_ROOT" burnin LANE="$1" N="$2"
	fi
	OUT=$(cat "$WSLX_BUILD/lanes/$1/burnin/latest/results.ktap" 2>/dev/null || true)
	if [[ $RC -eq 0 ]] && grep -q "^ok 1 burn-in # $2 load/unload cycles" <<<"$OUT"; then
		pass "$1: $2 load/unload cycles with the interface tests"
	else
		fail "$1: $2 load/unload cycles with the interface tests" "exit $RC" "$OUT"
	fi
}

# single_file_module DIR FILE: a copy of this tree in DIR whose module is
# the one C file FILE (named after it), with no example tests: what a user
# whose module is one old file has after adopting it.
single_file_module() {
	local dir=$1 file=$2 name
	name=$(basename "$file" .c)
	mkdir -p "$dir"
	tar -C "$WSLX_ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$dir" -xf -
	rm -rf "$dir/src" "$dir/tests/kselftest" "$dir/tests/guest" "$dir/tests/faults.ini"
	mkdir -p "$dir/src"
	cp "$file" "$dir/src/"
	sed -i -e "s/^MODULE_NAME := .*/MODULE_NAME := $name/" \
		-e "s/^MODULE_KCONFIG := .*/MODULE_KCONFIG := ${name^^}/" \
		-e "s|^MODULE_SOURCES := .*|MODULE_SOURCES := src/$name.c|" "$dir/module.mk"
	printf 'config %s\n\ttristate "%s"\n' "${name^^}" "$name" >"$dir/Kconfig"
}
