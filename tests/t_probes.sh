#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The probe runner against real Debian headers: known answers, the canaries
# catching broken headers, a malformed probe header, the cache, and a
# generated header that is rewritten only when its content changes.
source "$(dirname "$0")/lib.sh"

run=$WSLX_ROOT/ci/run_probes.sh
answer() { awk -F'\t' -v m="$2" '$2 == m { print $4 }' "$1/probes.tsv"; }

# Known answers: no_llseek went away in 6.12; timer_container_of came in
# 6.16; Debian's 6.1 has timer_shutdown_sync() backported.
for spec in debian-6.1:yes:yes debian-6.12:no:yes; do
	IFS=: read -r lane llseek shutdown <<<"$spec"
	use_lane "$lane"
	out=$TMP/$lane
	if "$run" "$KDIR" "$out" 2>/dev/null &&
		[[ $(answer "$out" HAVE_NO_LLSEEK) == "$llseek" ]] &&
		[[ $(answer "$out" HAVE_TIMER_SHUTDOWN_SYNC) == "$shutdown" ]] &&
		[[ $(answer "$out" HAVE_TIMER_CONTAINER_OF) == no ]] &&
		[[ $(answer "$out" WSLX_CANARY_COMPILES) == yes ]] &&
		[[ $(answer "$out" WSLX_CANARY_FAILS) == no ]]; then
		pass "$lane: known probe answers (no_llseek $llseek, timer_shutdown_sync $shutdown)"
	else
		fail "$lane: known probe answers" "$(cat "$out/probes.tsv" 2>/dev/null)"
	fi
	if { [[ $llseek == yes ]] && grep -q '^#define HAVE_NO_LLSEEK 1' "$out/autoconf_compat.h"; } ||
		{ [[ $llseek == no ]] && grep -q '^/\* #undef HAVE_NO_LLSEEK \*/' "$out/autoconf_compat.h"; }; then
		pass "$lane: the generated header matches the answers"
	else
		fail "$lane: the generated header matches the answers" "$(cat "$out/autoconf_compat.h")"
	fi
done

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
	"canary canary_compiles answered 'no'.*toolchain or the headers" \
	"$run" "$TMP/broken/src/linux-headers-$KREL" "$TMP/out-broken"

# A probe whose header comment lacks its macro.
mkdir -p "$TMP/probes"
cp "$WSLX_ROOT"/probes/*.c "$TMP/probes/"
sed -i 's/^ \* probe: .*/ * probe = HAVE_NO_LLSEEK/' "$TMP/probes/no_llseek.c"
WSLX_PROBES_DIR=$TMP/probes WSLX_CACHE=$TMP/cache expect_error \
	"a probe with a malformed header comment is named" \
	"$TMP/probes/no_llseek.c: header comment needs a line ' \* probe: HAVE_SOMETHING'" \
	"$run" "$KDIR" "$TMP/out-malformed"
