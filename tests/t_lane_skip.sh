#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Debian drops old kernel lines from its archive, and sid moves on to new
# ones. A lane that cannot get its kernel is reported as skipped with the
# reason: never as a pass, and never as a failure of the module.
source "$(dirname "$0")/lib.sh"

export WSLX_LANES_DIR=$TMP/lanes WSLX_BUILD=$TMP/build
mkdir -p "$WSLX_LANES_DIR"
cat >"$WSLX_LANES_DIR/gone.lane" <<'LANE'
kind=debian
description=a kernel line the archive no longer has
arch=x86_64
line=6.1
image_meta=linux-image-wslx-line-that-left-the-archive
headers_meta=linux-headers-wslx-line-that-left-the-archive
LANE
# The real 6.1 line under a name that claims another line.
sed 's/^line=.*/line=6.99/' "$WSLX_ROOT/ci/lanes/debian-6.1.lane" >"$WSLX_LANES_DIR/moved.lane"

for spec in "gone:the archive no longer has linux-image-wslx-line-that-left-the-archive" \
	"moved:the archive now offers 6.1.*, not the 6.99 line"; do
	lane=${spec%%:*} why=${spec#*:}
	run_capture "$WSLX_ROOT/ci/smoke_lane.sh" "$lane"
	results=$WSLX_BUILD/lanes/$lane/latest/results.ktap
	if [[ $RC -eq 77 ]] && grep -q "^ok 1 prepare $lane # SKIP .*$why" "$results" &&
		! grep -q '^not ok' "$results" && grep -q '"verdict": "SKIP"' "$WSLX_BUILD/lanes/$lane/latest/record.json"; then
		pass "lane '$lane' is reported as skipped, with the reason"
	else
		fail "lane '$lane' is reported as skipped, with the reason" "exit $RC" "$(cat "$results" 2>/dev/null)" "$(tail -n 3 <<<"$ERR")"
	fi
done
