#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A source lane given bad input stops with one clear line and leaves the
# lane's previous results (record, .ko, kernel) as they were: a wrong
# --source, a tarball whose sha256 does not match (given with --sha256, and
# fetched from a pinned URL), a configuration that drops CONFIG_MODULES,
# and a kernel build that fails. Then a developer's tree (--source DIR):
# an edit that breaks the build is seen (the built kernel is keyed on the
# tree's content, not its path), its error names the developer's own file,
# and an unchanged tree is reused without copying it.
source "$(dirname "$0")/lib.sh"

tarball=$(debian_source_tarball 6.12) || { fail "Debian's linux-source-6.12 is available"; exit 0; }
tree=$(debian_source_tree 6.12) || { fail "Debian's linux-source-6.12 unpacks"; exit 0; }
build=$WSLX_ROOT/ci/build_upstream_6_6.sh
lane=upstream-6.6
dir=$WSLX_BUILD/lanes/$lane

# A good run first, so that there are results to keep.
run_capture "$build" --source "$tree"
if [[ $RC -ne 0 ]]; then
	fail "$lane builds from linux-source-6.12 before the error cases" "$(tail -n 5 <<<"$ERR")"
	exit 0
fi
before=$(lane_files_digest "$lane")
# shellcheck source=/dev/null
source "$dir/kernel.env"
good_kdir=$KDIR

expect_error "--source that does not exist" "--source $TMP/nothing: no such file or folder" \
	"$build" --source "$TMP/nothing"
# A mistyped SOURCE= is the lane's last attempt, shown beside (never instead
# of) the verdict of its last completed run.
run_capture "$WSLX_ROOT/tools/wslx-cli" report "$TMP/report-typo"
if grep -q "^- \*\*Works on the upstream lane (L1)\*\* (\`$lane\`, .*A later attempt failed at .*: request: --source $TMP/nothing: no such file or folder\.$" "$TMP/report-typo/report.md" &&
	grep -q "^| $lane | PASS | " "$TMP/report-typo/report.md"; then
	pass "make report: a mistyped SOURCE= is a failed attempt beside the last run's PASS, not a FAIL of the lane"
else
	fail "make report keeps a bad SOURCE= apart from the last run" "$(head -n 6 "$TMP/report-typo/report.md")"
fi
mkdir -p "$TMP/empty"
expect_error "--source folder that is not a kernel tree" "not a Linux kernel source tree" \
	"$build" --source "$TMP/empty"
head -c 4096 /dev/urandom >"$TMP/garbage.tar.xz"
expect_error "--source file that is not a tarball" "garbage.tar.xz: not a tarball tar can unpack" \
	"$build" --source "$TMP/garbage.tar.xz"
expect_error "--sha256 that does not match the tarball" "sha256 [0-9a-f]* does not match the expected 0000" \
	"$build" --source "$tarball" --sha256 "$(printf '0%.0s' {1..64})"
expect_error "--sha256 that is not a sha256" "--sha256 1234: not a sha256" \
	"$build" --source "$tarball" --sha256 1234

printf '# CONFIG_MODULES is not set\n' >"$TMP/nomodules.config"
expect_error "a configuration that drops CONFIG_MODULES" "nomodules.config: CONFIG_MODULES is not set: this kernel cannot build or load external modules" \
	"$build" --source "$tarball" --fragment "$TMP/nomodules.config"

# The pinned-URL path, with a file:// URL standing in for kernel.org: a
# wrong checksum stops before unpacking, the right one fetches and goes on
# (here to the configuration without modules, which stops it cheaply).
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
mkdir -p "$TMP/lanes"
for name in bad good; do
	s=$sum
	[[ $name == bad ]] && s=$(printf 'f%.0s' {1..64})
	{
		echo "kind=source"
		echo "description=test: a pinned tarball"
		echo "arch=x86_64"
		echo "line=6.12"
		echo "source_url=file://$tarball"
		echo "source_sha256=$s"
		echo "full_config=defconfig:x86_64_defconfig"
	} >"$TMP/lanes/pinned-$name.lane"
done
export WSLX_LANES_DIR=$TMP/lanes
expect_error "a fetched tarball with a wrong sha256" "sha256 $sum does not match the expected ffff" \
	env WSLX_BUILD="$TMP/build" "$WSLX_ROOT/ci/build_source_lane.sh" pinned-bad
run_capture env WSLX_BUILD="$TMP/build" "$WSLX_ROOT/ci/build_source_lane.sh" pinned-good --fragment "$TMP/nomodules.config"
if grep -q "downloading file://$tarball" <<<"$ERR" && grep -q "source linux-source-6.12.tar.xz" <<<"$ERR" &&
	grep -q 'CONFIG_MODULES is not set' <<<"$ERR"; then
	pass "a fetched tarball with the right sha256 is downloaded, checked and used"
else
	fail "a fetched tarball with the right sha256 is used" "$(tail -n 5 <<<"$ERR")"
fi
rm -rf "$WSLX_CACHE/src/downloads"
rm -rf "$WSLX_CACHE/kbuild/pinned-bad" "$WSLX_CACHE/kbuild/pinned-good"
unset WSLX_LANES_DIR

# A build failure: a copy of the tree (hard links, on the cache's file
# system) whose modpost does not compile.
broken=$WSLX_CACHE/test-broken-tree
rm -rf "$broken"
cp -al "$tree" "$broken"
rm "$broken/scripts/mod/modpost.c"
printf '#error deliberately broken by a wslx test\n' >"$broken/scripts/mod/modpost.c"
expect_error "a kernel build that fails" "the kernel build failed (log: " "$build" --source "$broken"
if grep -q 'modpost.c:1:2: error: #error deliberately broken' <<<"$ERR"; then
	pass "a failed kernel build shows its first compile error"
else
	fail "a failed kernel build shows its first compile error" "$(tail -n 4 <<<"$ERR")"
fi
failed_out=$(grep -o "building the kernel in [^ ]*" <<<"$ERR" | cut -d' ' -f5)
rm -rf "$broken" "${failed_out:-/nonexistent}"

if [[ $(lane_files_digest "$lane") == "$before" ]]; then
	pass "the failed attempts left the lane's results, .ko and remembered source as they were"
else
	fail "the failed attempts left the lane's results as they were"
fi
# shellcheck source=/dev/null
source "$dir/kernel.env"
if [[ $KDIR == "$good_kdir" && -f $KDIR/.wslx-built && -f $KERNEL_IMAGE ]]; then
	pass "the lane's last good kernel is still its kernel"
else
	fail "the lane's last good kernel is still its kernel" "$KDIR vs $good_kdir"
fi
run_capture make -s -C "$WSLX_ROOT" status
if grep -E -q "^$lane +PASS +[^ ]+ +built +ok +ok" <<<"$OUT" && grep -q 'a later attempt failed at .*: kernel: LANE=upstream-6.6: the kernel build failed' <<<"$OUT"; then
	pass "make status shows the last good run and names the failed attempt"
else
	fail "make status shows the last good run and the failed attempt" "$(grep -A1 "^$lane" <<<"$OUT")"
fi
run_capture "$WSLX_ROOT/tools/wslx-cli" report "$TMP/report"
if grep -q '^- \*\*Works on the upstream lane (L1)\*\* .*A later attempt failed at .*the kernel build failed' "$TMP/report/report.md" &&
	grep -q '^- Last attempt, after the last run: .*the kernel build failed.*first error: .*modpost.c:1:2: error' "$TMP/report/report.md"; then
	pass "make report names the failed attempt and its first compile error, beside the last run's verdict"
else
	fail "make report names the failed attempt and its first compile error" "$(head -n 6 "$TMP/report/report.md")" "$(grep -A4 '^## upstream-6.6' "$TMP/report/report.md")"
fi

# A developer's tree: an edit that breaks the build is rebuilt (make
# recompiles the one file), never taken for the kernel already built, and
# the first error names the developer's file. Put back, the tree builds
# again; unchanged, a rerun reuses the kernel without copying the tree.
sed -i '1i #error deliberately broken by a wslx test' "$tree/init/main.c"
run_capture "$build" --source "$tree" --no-smoke
sed -i '1d' "$tree/init/main.c"
if [[ $RC -ne 0 ]] && ! grep -q 'kernel already built' <<<"$ERR" &&
	grep -q "^wslx: error: .*the kernel build failed.*first error: $tree/init/main.c:1:2: error: #error deliberately broken" <<<"$ERR"; then
	pass "an edit that breaks the developer's tree is rebuilt and its error names their file"
else
	fail "an edit that breaks the developer's tree is rebuilt and its error names their file" "exit $RC" "$(grep -m 3 'already built\|error' <<<"$ERR")"
fi
run_capture "$build" --source "$tree" --no-smoke
if [[ $RC -eq 0 ]] && grep -q 'building the kernel in' <<<"$ERR"; then
	pass "the tree put back builds again (incrementally, in the same output folder)"
else
	fail "the tree put back builds again" "exit $RC" "$(tail -n 4 <<<"$ERR")"
fi
t0=$(date +%s.%N)
run_capture "$build" --source "$tree"
took=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
if [[ $RC -eq 0 ]] && grep -q 'kernel already built' <<<"$ERR" &&
	! grep -q -i 'copying\|unpacking\|configuring' <<<"$ERR"; then
	pass "an unchanged tree: the kernel is reused, nothing copied, unpacked or configured (${took}s with the smoke test)"
else
	fail "an unchanged tree: the kernel is reused" "exit $RC" "$(head -n 6 <<<"$ERR")"
fi
