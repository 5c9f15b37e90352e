#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make report from real runs in a scratch build folder: a passing lane, a
# failing one (a module parameter the module does not have), a lane whose
# record was damaged afterwards, and lanes never run. The page is rendered
# by headless Chromium and the rendered page (not only the HTML source) is
# checked for the matrix and its verdicts; a screenshot is kept.
source "$(dirname "$0")/lib.sh"

export WSLX_BUILD=$TMP/build
m() { make -s -C "$WSLX_ROOT" "$@"; }
m smoke LANE=debian-6.1 >/dev/null 2>&1 || true
m smoke LANE=debian-6.12 PARAMS=wslx_no_such_param=1 >/dev/null 2>&1 || true
m smoke LANE=debian-5.10 >/dev/null 2>&1 || true
record=$WSLX_BUILD/lanes/debian-5.10/latest/record.json
truncate -s 40 "$record"

run_capture "$WSLX_ROOT/tools/wslx-cli" report
out=$WSLX_BUILD/report
if [[ $RC -eq 0 && -s $out/index.html && -s $out/report.md && -s $out/report.json ]]; then
	pass "make report writes index.html, report.md and report.json under build/report/"
else
	fail "make report writes its three files" "exit $RC" "$ERR"
fi

expect_error "make report into a folder it cannot make is one line" \
	"/proc/wslx-nope: cannot write the report there" "$WSLX_ROOT/tools/wslx-cli" report /proc/wslx-nope

verdict() { python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(next(l["verdict"] for l in d["lanes"] if l["lane"] == sys.argv[2]))' "$out/report.json" "$1"; }
if [[ $(verdict debian-6.1) == PASS && $(verdict debian-6.12) == FAIL &&
	$(verdict debian-5.10) == DAMAGED && $(verdict debian-6.1-rt) == "not run" ]]; then
	pass "report.json: debian-6.1 PASS, debian-6.12 FAIL, the damaged record DAMAGED (never a pass), debian-6.1-rt not run"
else
	fail "report.json verdicts" "$(head -c 600 "$out/report.json")"
fi
# shellcheck disable=SC2016 # the backquotes are the report's, matched literally
if grep -q '^- First failed step: `smoke in QEMU`: not ok [0-9]* params' "$out/report.md" &&
	grep -q "^- Its last record is damaged: " "$out/report.md"; then
	pass "report.md quotes the first failure and names the damaged record"
else
	fail "report.md quotes the first failure and names the damaged record" "$(sed -n '/^## /,$p' "$out/report.md")"
fi

if ! command -v chromium >/dev/null; then
	fail "chromium is installed (make deps)"
	exit 0
fi
# chromium exits 0 even for a missing page: judge by what it rendered.
chrome() {
	chromium --headless --no-sandbox --disable-gpu --log-level=3 --user-data-dir="$TMP/chromium" "$@" 2>/dev/null
}
dom=$(chrome --dump-dom "file://$out/index.html")
row() { tr -d '\n' <<<"$dom" | grep -o "<tr><th>$1</th>.*" | sed 's|</tr>.*||'; }
if grep -q '<ul id="headline">' <<<"$dom" && grep -q 'Not tested on the upstream lane (L1)' <<<"$dom" &&
	row debian-6.1 | grep -q '<td class="ok">PASS</td>' &&
	row debian-6.12 | grep -q '<td class="bad">FAIL</td>' &&
	row debian-6.12 | grep -qE '<td class="bad" title="[^"]*"><a href="[^"]*console.log">FAIL</a>' &&
	row debian-5.10 | grep -q '<td class="bad">DAMAGED</td>' &&
	row debian-6.1 | grep -q '<svg'; then
	pass "headless Chromium renders the headline and the matrix: PASS, FAIL with its log linked, DAMAGED, the timing bars"
else
	fail "Chromium renders the report" "$(row debian-6.12 | head -c 400)"
fi
chrome --screenshot="$out/screenshot.png" --window-size=1200,900 "file://$out/index.html"
if file "$out/screenshot.png" 2>/dev/null | grep -q 'PNG image data, 1200 x 900'; then
	pass "a screenshot of the rendered page is kept in build/report/ ($(stat -c %s "$out/screenshot.png") bytes)"
else
	fail "a screenshot of the rendered page" "$(file "$out/screenshot.png" 2>&1)"
fi
