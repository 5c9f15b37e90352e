#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The install step, tested from nothing: in a minimal Debian 12 root
# (debootstrap, cached once, never changed; a throw-away overlay each run,
# an empty environment), a copy of this checkout runs the README's main job
# as a user on a fresh machine would: apt-get install make, then make smoke
# (which installs what it needs) on the default x86_64 lane and on an arm64
# lane. What this host installed by hand cannot leak in, so a missing
# package in ci/install_deps.sh fails here. make smoke must not pull in what
# only other targets need (chromium, lintian, rpm, npm).
# Runs beside the other tests (tests/run.sh): it works in its own root, clone
# or stack folders and caches, and reports into a folder of its own.
# run: beside
source "$(dirname "$0")/lib.sh"

# The inner script is this test's own text; it prints one "fresh:" line per fact.
# shellcheck disable=SC2016 # expanded by the bash inside the root
inner='
set -uo pipefail
apt-get update -q >/dev/null 2>&1 || echo "fresh: apt-get update failed"
apt-get install -y -q --no-install-recommends make >/dev/null 2>&1 || echo "fresh: no make"
for lane in debian-6.1 debian-6.1-arm64; do
	t0=$SECONDS
	make smoke LANE=$lane >smoke-$lane.log 2>&1
	echo "fresh: smoke $lane rc=$?"
	echo "fresh:   took $((SECONDS - t0))s"
	grep -E "^(not )?ok |wslx: error|PASS|FAIL" smoke-$lane.log | sed "s/^/fresh:   /"
done
for p in chromium lintian rpm npm nodejs clang; do
	dpkg -s $p >/dev/null 2>&1 && echo "fresh: installed $p"
done
echo "fresh: done"
'
run_capture timeout 3000 "$WSLX_ROOT/tools/wslx-cli" fresh-root --timeout 2900 -- bash -c "$inner"
for lane in debian-6.1 debian-6.1-arm64; do
	if grep -q "^fresh: smoke $lane rc=0$" <<<"$OUT" &&
		grep -q "^fresh:   ok 6 kselftest # 18 passed" <<<"$(sed -n "/^fresh: smoke $lane/,/^fresh: smoke\|^fresh: installed\|^fresh: done/p" <<<"$OUT")"; then
		pass "fresh Debian 12 root: make smoke LANE=$lane installs what it needs and passes"
	else
		fail "fresh Debian 12 root: make smoke LANE=$lane installs what it needs and passes" \
			"exit $RC" "$(grep '^fresh:' <<<"$OUT" | head -n 30)" "$(tail -n 5 <<<"$ERR")"
	fi
done
# The figures for the README: the first make smoke of each lane, from nothing.
grep '^fresh:   took' <<<"$OUT" | sed 's/^fresh:   /# first make smoke /' || true
if grep -q '^fresh: done$' <<<"$OUT" && ! grep -q '^fresh: installed' <<<"$OUT"; then
	pass "make smoke installs none of what only other targets need (chromium, lintian, rpm, npm, clang)"
else
	fail "make smoke installs only what it needs" "$(grep '^fresh: \(installed\|done\)' <<<"$OUT")"
fi
