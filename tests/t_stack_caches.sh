#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Deterministic verdicts (issue 24): the example series on both stand-in
# bases in two caches of different history gives the same record. One is
# this machine's cache, whose work repository has imported whatever earlier
# cycles brought (t_stack adds Debian's 6.1.170 source; its objects once let
# git build a fake ancestor and turned a conflict into a merge); the other
# is a new cache whose work repository holds only this cycle's imports. The
# new cache shares what cannot decide a verdict: the downloaded source
# package, the Debian image's configuration, ccache, apt lists, busybox and
# the guest's modcheck. Opt-in, outside the default run (a fresh work
# repository imports both bases again and builds four kernels: about 10
# minutes here): WSLX_STACK_CACHES=1 make test TESTS=stack_caches.
# run: beside
source "$(dirname "$0")/lib.sh"
if [[ ${WSLX_STACK_CACHES:-} != 1 ]]; then
	skip "the same verdicts from two caches of different history" \
		"opt-in, about 10 minutes: WSLX_STACK_CACHES=1 make test TESTS=stack_caches"
	exit 0
fi
# verdicts BUILD: each base's commit and its patches' verdicts, notes and
# resolutions, from the latest cycle in BUILD.
verdicts() {
	/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for b in r["bases"]:
    print(b["name"], b["commit"], b["verdict"])
    for p in b["patches"]:
        print(" ", p["patch"], p["status"], p["note"], p["resolutions"])' "$1/stack/latest/record.json"
}
first=$TMP/first second=$TMP/second
run_capture env WSLX_BUILD="$first" make -s -C "$WSLX_ROOT" stack STANDIN=1 BOOTS=1
rc1=$RC
fresh=$TMP/cache
mkdir -p "$fresh/stack"
for entry in "$WSLX_CACHE"/*; do
	[[ ${entry##*/} == stack ]] || ln -s "$entry" "$fresh/${entry##*/}"
done
for entry in debian-src debian-config; do
	[[ -e $WSLX_CACHE/stack/$entry ]] && ln -s "$WSLX_CACHE/stack/$entry" "$fresh/stack/$entry"
done
run_capture env WSLX_CACHE="$fresh" WSLX_BUILD="$second" make -s -C "$WSLX_ROOT" stack STANDIN=1 BOOTS=1
rc2=$RC
imports=$(git --git-dir="$WSLX_CACHE/stack/repo.git" for-each-ref --format='%(refname)' refs/wslx/imports | wc -l)
fresh_imports=$(git --git-dir="$fresh/stack/repo.git" for-each-ref --format='%(refname)' refs/wslx/imports | wc -l)
a=$(verdicts "$first") b=$(verdicts "$second")
if [[ $rc1 -eq 0 && $rc2 -eq 0 && -n $a && $a == "$b" && $imports -gt $fresh_imports ]]; then
	pass "the same verdicts, notes and resolutions from a cache with $imports imports and a new one with $fresh_imports"
else
	fail "the same verdicts from two caches" "exit $rc1 and $rc2; imports $imports and $fresh_imports" \
		"$(diff <(echo "$a") <(echo "$b") | head -n 20)" "$(tail -n 5 <<<"$ERR")"
fi
