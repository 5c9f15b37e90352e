#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make matrix (issue 22): lanes in parallel, each a make smoke of its own;
# the table and the report from the records of the runs it started; bad
# input is one line; Ctrl-C ends every lane's children and each lane records
# itself as interrupted.
source "$(dirname "$0")/lib.sh"

run_capture make -s -C "$WSLX_ROOT" matrix LANES="debian-6.1 debian-6.12"
if [[ $RC -eq 0 ]] && grep -Eq '^debian-6.1 +PASS +ok +ok +ok +ok +ok +ok ' <<<"$OUT" &&
	grep -Eq '^debian-6.12 +PASS +ok +ok +ok +ok +ok +ok ' <<<"$OUT" &&
	grep -q '^==> matrix: 2 lanes, [12] at a time' <<<"$ERR" &&
	grep -q '^==> matrix: 2 of 2 lanes passed or were skipped' <<<"$ERR"; then
	pass "make matrix LANES='debian-6.1 debian-6.12': both lanes PASS in the lane x step table"
else
	fail "make matrix runs two lanes" "exit $RC" "$OUT" "$(tail -n 5 <<<"$ERR")"
fi
# The table's runs are the ones the matrix started: each lane's latest run is
# newer than the matrix's own log folder.
folder=$(sed -n 's/^==> matrix: .*; logs in //p' <<<"$ERR")
newer=0
for lane in debian-6.1 debian-6.12; do
	[[ $WSLX_BUILD/lanes/$lane/latest/record.json -nt $folder ]] && newer=$((newer + 1))
done
if [[ $newer -eq 2 ]] && python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
v = {l["lane"]: l["verdict"] for l in r["lanes"]}
sys.exit(0 if v["debian-6.1"] == v["debian-6.12"] == "PASS" else 1)' "$WSLX_BUILD/report/report.json"; then
	pass "the report is written from the records of the runs the matrix started"
else
	fail "the matrix's report comes from its own runs" "$newer newer records"
fi

# A fresh checkout (nothing built yet): the lanes share the guest's static
# modcheck, the host's modcheck and the kselftest binaries; one lane must
# not remove what another is about to pack into its guest (it did: "No
# such file" for modcheck-static).
fresh=$TMP/fresh
mkdir -p "$fresh"
tar -C "$WSLX_ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$fresh" -xf -
run_capture env WSLX_BUILD="$fresh/build" make -s -C "$fresh" matrix LANES="debian-6.1 debian-6.12"
if [[ $RC -eq 0 ]] && grep -q '^==> matrix: 2 of 2 lanes passed or were skipped' <<<"$ERR"; then
	pass "make matrix in a fresh checkout: two lanes at once build the shared tools once, both pass"
else
	fail "make matrix in a fresh checkout" "exit $RC" "$OUT" "$(grep -i 'fail\|error' <<<"$ERR" | tail -n 5)"
fi

expect_error "LANES= naming no lane is one line" "LANES=nope-\*: nope-\* names no lane" \
	make -s -C "$WSLX_ROOT" matrix LANES='nope-*'

# Ctrl-C (SIGINT to the matrix): every lane still running ends with its
# children and records itself as interrupted, and no QEMU of theirs is left.
setsid "$WSLX_ROOT/tools/wslx-cli" matrix debian-6.1 debian-6.12 >"$TMP/m.out" 2>"$TMP/m.err" &
pid=$!
logs=""
for _ in $(seq 300); do
	logs=$(sed -n 's/^==> matrix: .*; logs in //p' "$TMP/m.err")
	[[ -n $logs ]] && cat "$logs"/*.log 2>/dev/null | grep -q 'booting vmlinux' && break
	sleep 0.2
done
running=()
for lane in debian-6.1 debian-6.12; do
	grep -q "^==> $lane: " "$logs/$lane.log" 2>/dev/null || running+=("$lane")
done
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
interrupted=0
for lane in "${running[@]}"; do
	grep -q '"verdict": "INTERRUPTED"' "$WSLX_BUILD/lanes/$lane/last-attempt/record.json" 2>/dev/null &&
		interrupted=$((interrupted + 1))
done
sleep 1
left=""
for q in $(pgrep -f qemu-system-x86_64 || true); do
	cwd=$(readlink "/proc/$q/cwd" 2>/dev/null || true)
	[[ $cwd == "$WSLX_BUILD/lanes/"* ]] && left+=" $q"
done
if [[ $rc -eq 130 && ${#running[@]} -ge 1 && $interrupted -eq ${#running[@]} && -z $left ]]; then
	pass "Ctrl-C ends the matrix: exit 130, the ${#running[@]} running lanes recorded as interrupted, no QEMU left"
else
	fail "Ctrl-C ends every lane" "exit $rc, running ${running[*]}, $interrupted interrupted, left:$left" "$(tail -n 5 "$TMP/m.err")"
fi
