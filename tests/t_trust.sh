#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs whose results can be trusted (issue 11's list of faults, each
# reproduced on the harness before the Python port): cache entries that are
# complete or absent and repaired when damaged, a lock per lane, results
# only from the run that produced them, Ctrl-C that ends QEMU and records
# the run as interrupted, user values never pasted into shell text, and a
# failed step's reason on the terminal, in the user's own paths.
# Runs alone, last (tests/run.sh): it damages the shared kernel cache that
# other tests read.
# run: alone
source "$(dirname "$0")/lib.sh"
lane=debian-6.1
m() { make -s -C "$WSLX_ROOT" "$@"; }

# A scratch copy of the checkout (without build outputs), to change the
# module in without touching the real one; it shares the kernel cache.
scratch_clone() {
	local dir=$TMP/$1
	mkdir -p "$dir"
	tar -C "$WSLX_ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$dir" -xf -
	printf '%s\n' "$dir"
}

# guest_pid: the pid of the lane's QEMU once a run has started it (up to
# 30 s), or nothing.
guest_pid() {
	local pid
	for _ in $(seq 600); do
		pid=$(pgrep -f "qemu-system-x86_64.*$WSLX_BUILD/lanes/$lane/runs/" | head -n 1 || true)
		[[ -n $pid ]] && break
		sleep 0.05
	done
	printf '%s\n' "$pid"
}

# 1. An interrupted download or unpack leaves nothing a later run trusts.
cache=$TMP/cache
WSLX_CACHE=$cache setsid "$WSLX_ROOT/tools/wslx-cli" source-files --tarball linux-source-6.12 \
	>"$TMP/src.out" 2>"$TMP/src.err" &
pid=$!
for _ in $(seq 600); do
	part=$(find "$cache/debian/source" -path '*.tmp.*' -name 'linux-source-*.tar.*' -size +1M 2>/dev/null | head -n 1 || true)
	[[ -n $part ]] && break
	sleep 0.1
done
kill -KILL -- "-$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
run_capture env WSLX_CACHE="$cache" "$WSLX_ROOT/tools/wslx-cli" source-files --tarball linux-source-6.12
got=$(stat -c %s "$OUT" 2>/dev/null || echo 0)
if [[ -z $part ]]; then
	fail "an unpack killed half-way is not trusted" "the unpack was never caught half-way" "$(cat "$TMP/src.err")"
elif [[ $RC -eq 0 ]] && xz -t "$OUT" 2>/dev/null; then
	pass "an unpack killed half-way is not trusted: the next run fetches a whole tarball ($got bytes)"
else
	fail "an unpack killed half-way is not trusted" "exit $RC, $OUT: $got bytes, xz -t fails" "$ERR"
fi
rm -rf "$cache"

# 5. A damaged kernel cache entry is found and repaired on the next run.
m smoke LANE=$lane >/dev/null 2>&1 || true
use_lane $lane
for damage in "truncate -s 4096 $KERNEL_IMAGE" "rm $KDIR/include/generated/utsrelease.h" \
	"rm $KDIR/Module.symvers"; do
	$damage
	run_capture m smoke LANE=$lane
	if [[ $RC -eq 0 ]] && grep -q "kernel $KREL: cache entry .* is damaged (.*): fetching it again" <<<"$ERR"; then
		pass "damage to the kernel cache ($damage) is named and repaired: $(grep -o 'damaged ([^)]*)' <<<"$ERR")"
	else
		fail "damage to the kernel cache ($damage) is named and repaired" "exit $RC" "$(tail -n 6 <<<"$ERR")"
	fi
done

# 2. Two runs of one lane at once: the second waits for the first; both pass.
# The second starts while the first is in its guest (started together, a
# warm 3 s run can end before the other process reaches the lock at all).
ok=0
for i in 1 2 3; do
	m smoke LANE=$lane >"$TMP/a.out" 2>"$TMP/a.err" &
	a=$!
	inside=$(guest_pid)
	m smoke LANE=$lane >"$TMP/b.out" 2>"$TMP/b.err" &
	b=$!
	ra=0 rb=0
	wait $a || ra=$?
	wait $b || rb=$?
	if [[ -n $inside && $ra -eq 0 && $rb -eq 0 ]] && grep -q "waiting for lane $lane" "$TMP/b.err"; then
		ok=$((ok + 1))
	else
		seen=${inside:+seen}
		fail "two make smoke of one lane at once (round $i)" \
			"exit $ra and $rb; first guest ${seen:-never seen}" "$(tail -n 4 "$TMP/a.err" "$TMP/b.err")"
	fi
done
((ok == 3)) && pass "two make smoke of one lane at once: the second waits for the lane, both pass (3 rounds)"

# 3. A run never reports another run's guest results as its own.
latest=$(readlink "$WSLX_BUILD/lanes/$lane/latest")
run_capture m smoke LANE=$lane SMOKE_TIMEOUT=abc
if [[ $RC -ne 0 ]] && grep -q '^wslx: error: SMOKE_TIMEOUT=abc: not a positive number of seconds' <<<"$ERR" &&
	! grep -q '^ok' <<<"$ERR" && [[ $(readlink "$WSLX_BUILD/lanes/$lane/latest") == "$latest" ]]; then
	pass "SMOKE_TIMEOUT=abc: one error line, no results, the last result left alone"
else
	fail "SMOKE_TIMEOUT=abc: one error line, no results" "exit $RC" "$ERR"
fi
mkdir -p "$TMP/noqemu"
printf '#!/bin/sh\necho "qemu: cannot start" >&2\nexit 1\n' >"$TMP/noqemu/qemu-system-x86_64"
chmod +x "$TMP/noqemu/qemu-system-x86_64"
run_capture env PATH="$TMP/noqemu:$PATH" "$WSLX_ROOT/tools/wslx-cli" smoke $lane
res=$WSLX_BUILD/lanes/$lane/latest/results.ktap
if [[ $RC -eq 1 ]] && grep -q '^not ok 5 smoke in QEMU # QEMU failed after .*: qemu: cannot start$' "$res" &&
	grep -q '^not ok 6 kselftest # did not run: the smoke step failed' "$res" && ! grep -q '^ok 6' <<<"$ERR"; then
	pass "QEMU that never starts: smoke names QEMU's own words, kselftest fails; no earlier guest result is reused"
else
	fail "QEMU that never starts fails the run" "exit $RC" "$(grep -v '^ ' "$res" 2>/dev/null)"
fi

# 4. Ctrl-C (SIGINT to the whole foreground group, as a terminal sends it)
# and SIGTERM end QEMU at once and record the run as interrupted.
for sig in INT TERM; do
	m smoke LANE=$lane >/dev/null 2>&1
	good=$(readlink "$WSLX_BUILD/lanes/$lane/latest")
	setsid make -s -C "$WSLX_ROOT" smoke LANE=$lane SMOKE_TIMEOUT=600 >"$TMP/s.out" 2>"$TMP/s.err" &
	pid=$!
	qemu=$(guest_pid)
	t0=$SECONDS
	if [[ $sig == INT ]]; then kill -INT -- "-$pid"; else pkill -TERM -s "$pid" -f "wslx-cli smoke" || true; fi
	rc=0
	wait "$pid" || rc=$?
	took=$((SECONDS - t0))
	attempt=$WSLX_BUILD/lanes/$lane/last-attempt/record.json
	if [[ -n $qemu ]] && ! kill -0 "$qemu" 2>/dev/null && ((rc != 0 && took < 10)) &&
		grep -q '"verdict": "INTERRUPTED"' "$attempt" &&
		[[ $(readlink "$WSLX_BUILD/lanes/$lane/latest") == "$good" ]]; then
		pass "SIG$sig during the guest: QEMU ended, exit $rc in ${took}s, run recorded as interrupted, last result kept"
	else
		fail "SIG$sig during the guest ends QEMU and records the run as interrupted" \
			"qemu pid '${qemu}' $(kill -0 "$qemu" 2>/dev/null && echo still running), exit $rc in ${took}s" \
			"$(tail -n 3 "$TMP/s.err")" "$(grep verdict "$attempt" 2>/dev/null)"
		[[ -n $qemu ]] && kill -KILL "$qemu" 2>/dev/null
	fi
done

# 8. A user's values never reach a shell as text.
use_lane $lane
ln -s "$KDIR" "$TMP/it's here"
run_capture m KDIR="$TMP/it's here"
if [[ $RC -eq 0 ]]; then
	pass "make KDIR=<path with a quote and a space> builds"
else
	fail "make KDIR=<path with a quote and a space> builds" "$ERR"
fi
expect_error "make KDIR=<shell code> runs none of it" "KDIR=x'; touch $TMP/pwned; echo '.*no such directory" \
	m KDIR="x'; touch $TMP/pwned; echo '"
[[ ! -e $TMP/pwned ]] || fail "make KDIR=<shell code> ran the code"
mkdir -p "$TMP/src dir"
expect_error "make smoke SOURCE=<path with spaces> names the whole path" \
	"--source $TMP/src dir/linux.tar.xz: no such file or folder" \
	m smoke LANE=upstream-6.6 SOURCE="$TMP/src dir/linux.tar.xz"

# 9 and 10. A failed step shows its reason: the first compiler error in
# the user's own file, the oops from the console; a passing run's console
# holds the boot log.
if grep -q 'Linux version' "$WSLX_BUILD/lanes/$lane/latest/console.log" 2>/dev/null; then
	pass "a passing run's console.log holds the kernel's boot log"
else
	fail "a passing run's console.log holds the kernel's boot log" "$(wc -c <"$WSLX_BUILD/lanes/$lane/latest/console.log")"
fi
clone=$(scratch_clone broken)
sed -i 's/^static int __init wslx_ring_init(void)$/&\nnot C;/' "$clone/src/ring_main.c"
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=$lane
if [[ $RC -ne 0 ]] && grep -q "^not ok 3 build wslx_ring.ko # $clone/src/ring_main.c:[0-9]*:[0-9]*: error: " <<<"$ERR"; then
	pass "a compile error: the build step names the first error in the user's own file"
else
	fail "a compile error: the build step names the first error in the user's own file" "$(grep -m 3 'build\|error' <<<"$ERR")"
fi
clone=$(scratch_clone oops)
sed -i 's/^static int __init wslx_ring_init(void)$/&\n{\n\t*(volatile int *)NULL = 1;\n\treturn 0;\n}\nstatic int __init wslx_ring_unused_init(void)/' "$clone/src/ring_main.c"
sed -i 's/^module_init(wslx_ring_init);$/&\nstatic int (*wslx_ring_keep)(void) __maybe_unused = wslx_ring_unused_init;/' "$clone/src/ring_main.c"
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=$lane
if [[ $RC -ne 0 ]] && grep -q '^not ok 5 smoke in QEMU' <<<"$ERR" &&
	grep -q 'BUG: kernel NULL pointer dereference' <<<"$ERR" && grep -q 'console: .*console.log' <<<"$ERR"; then
	pass "an oops in the module's init: the terminal shows the oops and the console's path"
else
	fail "an oops in the module's init: the terminal shows the oops" "exit $RC" "$(tail -n 12 <<<"$ERR")"
fi
