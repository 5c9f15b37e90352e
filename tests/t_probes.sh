#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The probe runner against real Debian headers: known answers, the canaries
# catching broken headers, a malformed probe header, the cache, and a
# generated header that is rewritten only when its content changes.
source "$(dirname "$0")/lib.sh"

run=$WSLX_ROOT/packaging/dkms/shipped/run_probes.sh
# in_lane ARGS...: the probe runner in the lane's build root, where it has one.
in_lane() { "$WSLX_ROOT/tools/wslx-cli" in-lane "$lane" -- "$run" "$@"; }
answer() { awk -F'\t' -v m="$2" '$2 == m { print $4 }' "$1/probes.tsv"; }

# Known answers on every lane, and the fast runner equal to isolated
# compiles, probe for probe, on three (the batch shares one translation
# unit; a probe that forgets an include or leaks a macro would answer
# differently).
#            lane         class_create(name) no_llseek timer_container_of strlcpy
for spec in debian-5.10:no:yes:no:yes debian-6.1:no:yes:no:yes \
	debian-6.1-rt:no:yes:no:yes debian-6.1-cloud:no:yes:no:yes \
	debian-6.12:yes:no:no:no debian-7.2:yes:no:yes:no; do
	IFS=: read -r lane class llseek tco strlcpy <<<"$spec"
	use_lane "$lane"
	out=$TMP/$lane
	if in_lane "$KDIR" "$out" 2>/dev/null &&
		[[ $(answer "$out" HAVE_CLASS_CREATE_ONE_ARG) == "$class" ]] &&
		[[ $(answer "$out" HAVE_NO_LLSEEK) == "$llseek" ]] &&
		[[ $(answer "$out" HAVE_TIMER_CONTAINER_OF) == "$tco" ]] &&
		[[ $(answer "$out" HAVE_STRLCPY) == "$strlcpy" ]] &&
		[[ $(answer "$out" WSLX_CANARY_COMPILES) == yes ]] &&
		[[ $(answer "$out" WSLX_CANARY_FAILS) == no ]]; then
		pass "$lane: known answers (class_create one-arg $class, no_llseek $llseek, timer_container_of $tco, strlcpy $strlcpy)"
	else
		fail "$lane: known answers" "$(cut -f1,4 "$out/probes.tsv" 2>/dev/null | tr '\n' ' ')"
	fi
	if { [[ $class == yes ]] && grep -q '^#define HAVE_CLASS_CREATE_ONE_ARG 1' "$out/autoconf_compat.h"; } ||
		{ [[ $class == no ]] && grep -q '^/\* #undef HAVE_CLASS_CREATE_ONE_ARG \*/' "$out/autoconf_compat.h"; }; then
		pass "$lane: the generated header matches the answers"
	else
		fail "$lane: the generated header matches the answers" "$(cat "$out/autoconf_compat.h")"
	fi
	# Every probe's answer on this kernel line against its own expect: line
	# (the catalogue records what each was checked to answer, lane by lane).
	run_capture "$WSLX_ROOT/tools/wslx-cli" probe --lane "$lane" --check
	if [[ $RC -eq 0 ]] && ! grep -q '^wslx: ' <<<"$ERR"; then
		pass "$lane: all $(($(wc -l <<<"$OUT") - 1)) answers agree with the probes' expect: lines"
	else
		fail "$lane: answers agree with the probes' expect: lines" "$(grep '^wslx: ' <<<"$ERR" | head -n 5)"
	fi
	# Isolated compiles cost a kbuild start per probe: the oldest, the newest
	# (built in its build root) and 6.12; the 6.1 family shares 6.1's headers,
	# whose answers are held to their expect: lines above.
	[[ $lane == debian-6.1* ]] && continue
	in_lane --isolated "$KDIR" "$TMP/$lane-isolated" 2>/dev/null
	n=$(($(wc -l <"$out/probes.tsv") - 1))
	if diff <(cut -f1-4 "$out/probes.tsv") <(cut -f1-4 "$TMP/$lane-isolated/probes.tsv") >"$TMP/diff"; then
		pass "$lane: the fast runner's $n answers equal isolated compiles, probe for probe"
	else
		fail "$lane: the fast runner's answers equal isolated compiles" "$(cat "$TMP/diff")"
	fi
done
use_lane debian-6.12
out=$TMP/debian-6.12

# Hard cases for the shared translation unit, against real 6.12 headers: a
# failure that only code generation reports (BUILD_BUG_ON is an
# __attribute__((error)) call, and GCC skips code generation while the unit
# has any error), and a fatal error that stops the compiler mid-unit.
mkdir -p "$TMP/hard"
cp "$WSLX_ROOT"/probes/canary_*.c "$WSLX_ROOT/probes/no_llseek.c" "$WSLX_ROOT/probes/proc_ops.c" "$TMP/hard/"
cat >"$TMP/hard/codegen_only.c" <<'PROBE'
// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: WSLX_TEST_CODEGEN_ONLY
 * kind: compile
 * since: never
 * why: fails only in code generation
 */
#include <linux/build_bug.h>

int wslx_probe(void)
{
	BUILD_BUG_ON(sizeof(int) == 4);
	return 0;
}
PROBE
cat >"$TMP/hard/fatal_header.c" <<'PROBE'
// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: WSLX_TEST_FATAL_HEADER
 * kind: compile
 * since: never
 * why: includes a header no kernel has
 */
#include <linux/wslx_no_such_header.h>
PROBE
# An error raised inside a header macro at file scope: GCC reports the
# header's include chain, which names whichever probe included it first.
cat >"$TMP/hard/zz_header_macro.c" <<'PROBE'
// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: WSLX_TEST_HEADER_MACRO
 * kind: compile
 * since: never
 * why: a file-scope static_assert that fails inside build_bug.h
 */
#include <linux/build_bug.h>

static_assert(sizeof(int) == 3, "int is not three bytes");
PROBE
for mode in "" --isolated; do
	if WSLX_PROBES_DIR=$TMP/hard WSLX_CACHE=$TMP/cache "$run" $mode "$KDIR" "$TMP/hard-out$mode" 2>/dev/null &&
		[[ $(answer "$TMP/hard-out$mode" WSLX_TEST_CODEGEN_ONLY) == no ]] &&
		[[ $(answer "$TMP/hard-out$mode" WSLX_TEST_FATAL_HEADER) == no ]] &&
		[[ $(answer "$TMP/hard-out$mode" WSLX_TEST_HEADER_MACRO) == no ]] &&
		[[ $(answer "$TMP/hard-out$mode" WSLX_CANARY_COMPILES) == yes ]] &&
		[[ $(answer "$TMP/hard-out$mode" HAVE_PROC_OPS) == yes ]] &&
		[[ $(answer "$TMP/hard-out$mode" HAVE_NO_LLSEEK) == no ]]; then
		pass "${mode:-batch} mode: code-generation-only, fatal and header-macro failures answer no, the rest stay right"
	else
		fail "${mode:-batch} mode: a code-generation-only failure and a fatal error answer no" \
			"$(cut -f1,4 "$TMP/hard-out$mode/probes.tsv" 2>/dev/null | tr '\n' ' ')"
	fi
done

# A probe that cannot compile for a reason other than its question (here a
# typo in the function's name) contradicts its expect: line and is named;
# with --check the run fails.
mkdir -p "$TMP/typo"
cp "$WSLX_ROOT"/probes/canary_*.c "$WSLX_ROOT/probes/size_add.c" "$TMP/typo/"
sed -i 's/return size_add(/return size_adx(/' "$TMP/typo/size_add.c"
WSLX_PROBES_DIR=$TMP/typo expect_error "a probe contradicting its expect: line is named, with its file" \
	"probes/size_add.c answered 'no' on $KREL; its header expects 'yes'" \
	"$WSLX_ROOT/tools/wslx-cli" probe --lane debian-6.12 --check
if grep -q "^    its first error: size_add.c:[0-9]*:[0-9]*: error: implicit declaration of function .size_adx." <<<"$ERR"; then
	pass "the contradicting probe's first compiler error is shown with it"
else
	fail "the contradicting probe's first compiler error is shown with it" "$ERR"
fi

# A rerun on the same kernel: cached, and the header is left untouched so
# that nothing rebuilds.
before=$(stat -c %Y.%y "$out/autoconf_compat.h")
run_capture "$run" "$KDIR" "$out"
if [[ $RC -eq 0 ]] && grep -q 'answers cached' <<<"$ERR" &&
	[[ $(stat -c %Y.%y "$out/autoconf_compat.h") == "$before" ]]; then
	pass "rerun: answers come from the cache and the header is not rewritten"
else
	fail "rerun: answers come from the cache and the header is not rewritten" "$ERR"
fi

# Broken headers: a copy of the 6.12 tree whose slab.h is an #error. Every
# probe would say "no"; the compile canary must stop the run instead.
root=${KDIR%/usr/src/*}
cp -as "$root/usr" "$TMP/broken"
common=$(echo "$TMP"/broken/src/linux-headers-*-common)
rm "$common/include/linux/slab.h"
echo '#error deliberately broken header' >"$common/include/linux/slab.h"
WSLX_CACHE=$TMP/cache expect_error "broken headers: the canary stops the run" \
	"canary canary_compiles .*the toolchain or the headers .* are broken" \
	"$run" "$TMP/broken/src/linux-headers-$KREL" "$TMP/out-broken"

# A symbol probe without its symbol.
mkdir -p "$TMP/nosym"
cp "$WSLX_ROOT"/probes/canary_*.c "$TMP/nosym/"
sed '/^ \* symbol:/d' "$WSLX_ROOT/probes/sym_strlcpy.c" >"$TMP/nosym/sym_strlcpy.c"
WSLX_PROBES_DIR=$TMP/nosym WSLX_CACHE=$TMP/cache expect_error \
	"a symbol probe without 'symbol:' is named" \
	"$TMP/nosym/sym_strlcpy.c: a symbol probe needs a line ' \* symbol: NAME'" \
	"$run" "$KDIR" "$TMP/out-nosym"

# A probe whose header comment lacks its macro.
mkdir -p "$TMP/probes"
cp "$WSLX_ROOT"/probes/*.c "$TMP/probes/"
sed -i 's/^ \* probe: .*/ * probe = HAVE_NO_LLSEEK/' "$TMP/probes/no_llseek.c"
WSLX_PROBES_DIR=$TMP/probes WSLX_CACHE=$TMP/cache expect_error \
	"a probe with a malformed header comment is named" \
	"$TMP/probes/no_llseek.c: header comment needs a line ' \* probe: HAVE_SOMETHING'" \
	"$run" "$KDIR" "$TMP/out-malformed"
