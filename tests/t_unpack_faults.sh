#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A lane's kernel unpacked into a cache that fails under it (issue 20):
#  - a full disk names "No space left on device" in the one error line,
#    never only "dpkg-deb -x failed";
#  - a run killed outright (SIGKILL) while unpacking: the next run ends what
#    is left of its dpkg-deb and removes what it left in the cache.
# Each uses a cache of its own, so the shared one is never touched.
source "$(dirname "$0")/lib.sh"
lane=debian-6.1

# A 100 MB cache: the image package fits, its unpacked tree does not.
small=$TMP/small
mkdir -p "$small"
# shellcheck disable=SC2016 # the inner bash expands them
run_capture unshare --mount --propagation private -- bash -c \
	'mount -t tmpfs -o size=100m wslx-full "$1" && shift && "$@"' _ "$small" \
	env WSLX_CACHE="$small" WSLX_BUILD="$TMP/build" "$WSLX_ROOT/tools/wslx-cli" prepare $lane
errs=$(grep -c '^wslx: error:' <<<"$ERR" || true)
if [[ $RC -ne 0 && $errs -eq 1 ]] && grep '^wslx: error:' <<<"$ERR" | grep -q 'No space left on device' &&
	! grep -q Traceback <<<"$ERR"; then
	pass "a full disk while unpacking: one error line that says 'No space left on device'"
else
	fail "a full disk is named" "exit $RC" "$(tail -n 4 <<<"$ERR")"
fi

# SIGKILL half-way through the unpack.
cache=$TMP/killed
mkdir -p "$cache"
env WSLX_CACHE="$cache" WSLX_BUILD="$TMP/build" "$WSLX_ROOT/tools/wslx-cli" prepare $lane \
	2>"$TMP/killed.err" &
pid=$!
for _ in $(seq 600); do
	grep -q 'unpacking linux-image' "$TMP/killed.err" && break
	sleep 0.1
done
sleep 0.5
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
left=$(find "$cache/debian" -maxdepth 1 -name ".*.tmp.$pid*" | wc -l)
before=$(pgrep -f "dpkg-deb -x .*$cache/debian/.*tmp.$pid" | wc -l || true)
run_capture env WSLX_CACHE="$cache" WSLX_BUILD="$TMP/build" "$WSLX_ROOT/tools/wslx-cli" prepare $lane
after=$(pgrep -f "dpkg-deb -x .*$cache/debian/.*tmp.$pid" || true)
still=$(find "$cache/debian" -maxdepth 1 -name '.*.tmp.*' | wc -l)
if [[ $RC -eq 0 && $left -gt 0 && $still -eq 0 && -z $after ]]; then
	pass "SIGKILL while unpacking: the next run ends what is left of its dpkg-deb ($before processes), removes its $left temporary folders and files (downloads included) and prepares the kernel"
else
	fail "the next run cleans up after a run killed while unpacking" "exit $RC, left $left, still $still, after: $after" \
		"$(find "$cache/debian" -maxdepth 1)" "$(tail -n 3 <<<"$ERR")"
	[[ -z $after ]] || pkill -KILL -f "dpkg-deb -x .*$cache/debian/.*tmp.$pid"
fi
