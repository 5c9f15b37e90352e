#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A short libFuzzer run (30 s) of modcheck's parsers, with ASan and UBSan,
# seeded with real modules: it must end without a crash. "make fuzz" runs
# the same for 10 minutes.
source "$(dirname "$0")/lib.sh"

FUZZ_OUT=$TMP/fuzz run_capture "$WSLX_ROOT/tools/wslx-cli" fuzz 30
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/fuzz/fuzz.log")
if [[ $RC -eq 0 && ${runs:-0} -gt 1000 ]]; then
	pass "30 s of fuzzing modcheck: $runs inputs, no crash"
else
	fail "30 s of fuzzing modcheck" "exit $RC, ${runs:-0} inputs" "$(tail -n 5 <<<"$ERR")"
fi
