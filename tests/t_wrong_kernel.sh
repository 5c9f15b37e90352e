#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A module built for one kernel, offered to another: modcheck verify must
# refuse it on the host before any load, naming both vermagics, and the
# real kernel, booted in QEMU, must refuse it too, so the prediction is
# checked against reality. The pairs include Debian's -rt and -cloud
# flavours of the very same 6.1 release.
source "$(dirname "$0")/lib.sh"

mc=$(modcheck_bin)
declare -A ko=() kdir=() image=()
for lane in debian-6.1 debian-6.12 debian-6.1-rt debian-6.1-cloud; do
	lane_ko "$lane"
	ko[$lane]=$KO kdir[$lane]=$KDIR image[$lane]=$KERNEL_IMAGE
done

for pair in debian-6.1:debian-6.12 debian-6.12:debian-6.1 \
	debian-6.1:debian-6.1-rt debian-6.1:debian-6.1-cloud; do
	from=${pair%%:*} to=${pair#*:}
	run_capture "$mc" verify --kdir "${kdir[$to]}" "${ko[$from]}"
	modmagic=$("$mc" info "${ko[$from]}" | sed -n 's/^vermagic  *//p')
	kernmagic=$("$mc" info "${ko[$to]}" | sed -n 's/^vermagic  *//p')
	if [[ $RC -eq 1 ]] && grep -qF "will not load" <<<"$ERR" &&
		grep -qF "\"$modmagic\"" <<<"$ERR" && grep -qF "\"$kernmagic\"" <<<"$ERR"; then
		pass "verify predicts the $from module will not load into $to, naming both vermagics"
	else
		fail "verify predicts the $from module will not load into $to" "exit $RC" "$ERR"
	fi
	KERNEL_IMAGE=${image[$to]}
	guest "modcheck smoke --ktap /wrong.ko" --timeout 120 --file "${ko[$from]}:wrong.ko"
	if [[ $RC -eq 1 ]] && grep -q '^not ok [0-9]* insert' <<<"$OUT"; then
		pass "the $to kernel in QEMU refuses the $from module too ($(sed -n 's/^not ok [0-9]* insert # //p' <<<"$OUT"))"
	else
		fail "the $to kernel in QEMU refuses the $from module too" "runner exit $RC" "$OUT" "$ERR"
	fi
done
