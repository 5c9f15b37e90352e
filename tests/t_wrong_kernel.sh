#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A module built for one kernel, offered to another: modcheck verify must
# refuse it on the host before any load, and the real kernel, booted in
# QEMU, must refuse it too, so the prediction is checked against reality.
source "$(dirname "$0")/lib.sh"

lane_ko debian-6.1
ko61=$KO kdir61=$KDIR image61=$KERNEL_IMAGE
lane_ko debian-6.12
ko612=$KO kdir612=$KDIR image612=$KERNEL_IMAGE
mc=$(modcheck_bin)

for pair in "6.1:$ko61:6.12:$kdir612:$image612" "6.12:$ko612:6.1:$kdir61:$image61"; do
	IFS=: read -r from ko to kdir image <<<"$pair"
	run_capture "$mc" verify --kdir "$kdir" "$ko"
	predicted=$RC
	if [[ $RC -eq 1 ]] && grep -q 'will not load' <<<"$ERR"; then
		pass "verify predicts the $from module will not load into $to"
	else
		fail "verify predicts the $from module will not load into $to" "exit $RC" "$ERR"
	fi
	KERNEL_IMAGE=$image
	guest "modcheck smoke --ktap /wrong.ko" --timeout 120 --file "$ko:wrong.ko"
	if [[ $RC -eq 1 ]] && grep -q '^not ok 1 insert # Exec format error' <<<"$OUT" &&
		[[ $predicted -eq 1 ]]; then
		pass "the $to kernel in QEMU refuses the $from module too (Exec format error)"
	else
		fail "the $to kernel in QEMU refuses the $from module too" "runner exit $RC" "$OUT" "$ERR"
	fi
done
