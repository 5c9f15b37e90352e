#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# status.sh: one line per lane (make status): kernel release, whether its
# kernel is built (source lanes) or fetched (distribution lanes), the
# vermagic of its last .ko, the verify and smoke results of its last run
# and when that was. A later failed attempt is named after it.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"
# shellcheck source=ci/lib/lane_results.sh
source "$WSLX_ROOT/ci/lib/lane_results.sh"

printf '%-22s %-34s %-12s %-6s %-6s %-6s %-21s %s\n' \
	LANE KERNEL STATE VERIFY SMOKE TESTS WHEN VERMAGIC
for lane in $(lane_names); do
	dir=$(lane_dir "$lane")
	krel=- state=
	if [[ -f $dir/kernel.env ]]; then
		krel=$(sed -n 's/^KREL=//p' "$dir/kernel.env")
		state=fetched
		[[ $(lane_get "$lane" kind) == source ]] && state=built
	else
		state="not built"
		[[ $(lane_get "$lane" kind) == source ]] || state="not fetched"
	fi
	[[ $(lr_summary "$dir" 2) == SKIP ]] && state=skipped
	when=$(lr_summary "$dir" 4)
	magic=$(lr_vermagic "$dir")
	printf '%-22s %-34s %-12s %-6s %-6s %-6s %-21s %s\n' "$lane" "$krel" "$state" \
		"$(lr_step "$dir" verify)" "$(lr_step "$dir" smoke)" "$(lr_step "$dir" kselftest)" \
		"${when:-never run}" "${magic:--}"
	failed=$(lr_failed_attempt "$dir")
	[[ -z $failed ]] || printf '%-22s   a later attempt failed at %s\n' '' "$failed"

done
