#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel-core patch stack end to end on the Debian stand-in pair (the
# bookworm linux source package: its .orig is the clean base, the same plus
# debian/patches/series the downstream one): the example series in patches/
# applies with the expected verdicts (the ip6_vti fix dropped as already in
# the downstream base, the namei conflict resolved by the recorded
# resolution in patches/rerere/), both kernels of each base are built and
# booted, the series' kselftest passes with it and is absent without it,
# the kselftests chosen from the touched paths are the expected ones, the
# probes say each patch is live; then a change to a UAPI header stops at
# "needs human review" (and --accept lets it through, listed), an
# unresolvable conflict stops with its hunks and the resolve command, a
# resolution recorded with make stack-resolve is replayed, and bad input is
# one line each.
# Runs beside the other tests (tests/run.sh): it works in its own root, clone
# or stack folders and caches, and reports into a folder of its own.
# run: beside
source "$(dirname "$0")/lib.sh"
m() { make -s -C "$WSLX_ROOT" "$@"; }
latest=$WSLX_BUILD/stack/latest
# rec EXPR: EXPR (Python) over the latest cycle's record, r.
rec() {
	/usr/bin/python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$latest/record.json" "$1"
}
patch_status() { rec "[p['status'] for b in r['bases'] if b['name'] == '$1' for p in b['patches'] if '$2' in p['patch']][0]"; }

# 1. The example series on both stand-in bases.
t0=$SECONDS
run_capture m stack STANDIN=1
cold=$((SECONDS - t0))
if [[ $RC -eq 0 ]] && grep -q '^# Works on the upstream lane; works on the WSL lane (stand-in bases: ' "$latest/summary.md"; then
	pass "make stack STANDIN=1: works on both lanes, stand-in named in the headline (${cold}s)"
else
	fail "make stack STANDIN=1 works on both lanes" "exit $RC" "$(tail -n 25 <<<"$ERR")"
fi
got=$(for b in upstream-6.6 wsl-6.6; do for p in ip6_vti 0001-fs 0002-fs 0003-selftests; do
	printf '%s ' "$(patch_status $b $p)"; done; done)
if [[ $got == "applied applied applied applied dropped resolved applied applied " ]]; then
	pass "verdicts per patch: all applied on the clean base; on the downstream base the ip6_vti fix is dropped and the namei patch resolved"
else
	fail "verdicts per patch" "got: $got"
fi
note=$(rec "[p['note'] for b in r['bases'] for p in b['patches'] if b['name'] == 'wsl-6.6' and 'ip6_vti' in p['patch']][0]")
if grep -q '^already in the base as [0-9a-f]\{12\} ip6_vti: set netns_immutable' <<<"$note"; then
	pass "the dropped patch names the base commit that carries it: $note"
else
	fail "the dropped patch names the base commit that carries it" "$note"
fi
ids=$(rec "[p['resolutions'] for b in r['bases'] for p in b['patches'] if b['name'] == 'wsl-6.6' and '0001-fs' in p['patch']][0]")
want=$(basename "$(find "$WSLX_ROOT/patches/rerere" -mindepth 1 -maxdepth 1 -type d)")
if [[ $ids == "['$want']" ]] && grep -q "recorded resolution ${want:0:12}" "$latest/conflicts.md" &&
	grep -q '^-<<<<<<< base$' "$latest/conflicts.md" &&
	grep -q '^-static int sysctl_protected_symlinks __read_mostly = 1;$' "$latest/conflicts.md" &&
	grep -q '^ 	IS_ENABLED(CONFIG_PROTECTED_LINKS_DEFAULT);$' "$latest/conflicts.md"; then
	pass "the replayed resolution is named ($want) and its hunks are in conflicts.md"
else
	fail "the replayed resolution is named and audited" "ids $ids, want $want" "$(head -n 20 "$latest/conflicts.md")"
fi
for b in upstream-6.6 wsl-6.6; do
	for s in base series; do
		rel=$(rec "[b['kernels']['$s']['release'] for b in r['bases'] if b['name'] == '$b'][0]")
		if grep -q "Linux version $rel " "$latest/$b/$s/console.log" 2>/dev/null; then
			pass "$b: the $s kernel $rel booted (its console names it)"
		else
			fail "$b: the $s kernel booted" "release '$rel'" "$(tail -n 5 "$latest/$b/$s/console.log" 2>/dev/null)"
		fi
	done
	releases=$(rec "sorted({k['release'] for b in r['bases'] if b['name'] == '$b' for k in b['kernels'].values()})")
	if [[ $releases == "['6.1.176"*"', '6.1.176-series"*"']" ]]; then
		pass "$b: the kernel with the series names itself in its release: $releases"
	else
		fail "$b: base and series kernels have distinct releases" "$releases"
	fi
	tests=$(rec "{s: sorted((t['test'], t['status']) for t in b['tests'][s] if t['test'].startswith('protected_links')) for b in r['bases'] if b['name'] == '$b' for s in b['tests']}")
	if [[ $tests == "{'base': [('protected_links:*', 'absent')], 'series': [('protected_links:protected_links_test', 'pass')]}" ]]; then
		pass "$b: the series' kselftest passes with the series and is absent without it"
	else
		fail "$b: the series' kselftest passes with it, absent without" "$tests"
	fi
	if grep -q '^ok [0-9]* protected_links:protected_links_test$' "$latest/$b/series/results.ktap"; then
		pass "$b: KTAP of the selected tests kept ($b/series/results.ktap)"
	else
		fail "$b: KTAP kept" "$(cat "$latest/$b/series/results.ktap" 2>/dev/null)"
	fi
done
if grep -q '^- kselftests chosen: protected_links (the series.* own kselftest), openat2:openat2_test (touched fs/namei.c), openat2:resolve_test (touched fs/namei.c)$' "$latest/summary.md"; then
	pass "the kselftests chosen from the touched paths: protected_links (its own) and openat2's smoke tests (fs/namei.c)"
else
	fail "the kselftests chosen from the touched paths" "$(grep 'kselftests chosen' "$latest/summary.md")"
fi
if [[ $(grep -c '| live |' "$latest/summary.md") -eq 4 ]]; then
	pass "each patch with a probe is live in each base+series kernel (4 probes)"
else
	fail "the probes say live" "$(grep -i 'probe\|live' "$latest/summary.md")"
fi
for b in upstream-6.6 wsl-6.6; do
	if ls "$latest/$b/patches/"*.patch >/dev/null 2>&1 && grep -q '^base-commit: ' "$latest/$b/patches/"0001-*.patch; then
		pass "$b: the series as applied, format-patch --base output ($(find "$latest/$b/patches" -name '*.patch' | wc -l) patches)"
	else
		fail "$b: format-patch --base output" "$(ls "$latest/$b/patches" 2>&1)"
	fi
done
if grep -q '^- dropped: ip6_vti: set netns_immutable' "$latest/summary.md" &&
	grep -q '^- identical: selftests: protected_links' "$latest/summary.md"; then
	pass "the range-diff between the bases: the dropped patch and the identical ones"
else
	fail "the range-diff between the bases" "$(grep -A6 'range-diff' "$latest/summary.md")"
fi

# The performance section: boot to user space and each test of both kernels,
# three boots of each (the default BOOTS=3), medians and spreads.
perf=$(rec "[(b['name'], [(p['measure'], len(p['base']), len(p['series'])) for p in b['performance']]) for b in r['bases']]")
if [[ $(grep -c '^| boot to user space | [0-9.]*s ([0-9.]*-[0-9.]*) | [0-9.]*s ([0-9.]*-[0-9.]*) | [-+][0-9.]*s | within the spread |$' "$latest/summary.md") -eq 2 ]] &&
	[[ $perf == "[('upstream-6.6', [('boot to user space', 3, 3), ('openat2:openat2_test', 3, 3), ('openat2:resolve_test', 3, 3)]), ('wsl-6.6', [('boot to user space', 3, 3), ('openat2:openat2_test', 3, 3), ('openat2:resolve_test', 3, 3)])]" ]]; then
	pass "performance: boot to user space and the tests of both kernels, 3 boots each, within the spread"
else
	fail "the performance section" "$perf" "$(grep -A6 '^Performance' "$latest/summary.md")"
fi

# Into a folder of its own: make test runs this file beside others that
# write build/report/.
run_capture "$WSLX_ROOT/tools/wslx-cli" report "$TMP/report"
if [[ $RC -eq 0 ]] && grep -q '^\*\*Works on the upstream lane; works on the WSL lane (stand-in bases: ' "$TMP/report/report.md" &&
	grep -q 'id="stack"' "$TMP/report/index.html"; then
	pass "make report publishes the cycle's headline and verdicts (report.md, index.html)"
else
	fail "make report publishes the stack cycle" "exit $RC" "$(grep -A4 'Kernel-core' "$TMP/report/report.md" 2>&1)"
fi

# 2. A rerun with nothing changed builds nothing, and status reads it.
t0=$SECONDS
run_capture m stack STANDIN=1 BOOTS=1
warm=$((SECONDS - t0))
cached=$(rec "sorted({k['cached'] for b in r['bases'] for k in b['kernels'].values()})")
if [[ $RC -eq 0 && $cached == "[True]" ]]; then
	pass "a rerun with nothing changed takes its four kernels from the cache (${warm}s)"
else
	fail "a rerun with nothing changed builds nothing" "exit $RC, cached: $cached" "$(tail -n 5 <<<"$ERR")"
fi
run_capture m stack-status
if [[ $RC -eq 0 && $(grep -c ': works on stand-in: .*; series [0-9a-f]\{12\}; cycle .*; 0 pending human review(s)$' <<<"$OUT") -eq 2 ]]; then
	pass "make stack-status: one line per base"
else
	fail "make stack-status: one line per base" "$OUT" "$ERR"
fi

# 3. A change to a UAPI header needs a human, unless accepted.
mine=$TMP/patches
cp -r "$WSLX_ROOT/patches" "$mine"
mkdir -p "$mine/subsystem/cifs/uapi-comment"
cat >"$mine/subsystem/cifs/uapi-comment/0001-cifs-say-what-the-mount-header-is-for.patch" <<'PATCH'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: wslx test <wslx@example.invalid>
Subject: [PATCH] cifs: say what the mount header is for

---
 include/uapi/linux/cifs/cifs_mount.h | 1 +
 1 file changed, 1 insertion(+)

diff --git a/include/uapi/linux/cifs/cifs_mount.h b/include/uapi/linux/cifs/cifs_mount.h
--- a/include/uapi/linux/cifs/cifs_mount.h
+++ b/include/uapi/linux/cifs/cifs_mount.h
@@ -16,6 +16,7 @@
 #ifndef _CIFS_MOUNT_H
 #define _CIFS_MOUNT_H
 
+/* Limits of the SMB mount options, shared with user space. */
 /* Max string lengths for cifs mounting options. */
 #define CIFS_MAX_DOMAINNAME_LEN 256 /* max fully qualified domain name */
 #define CIFS_MAX_USERNAME_LEN   256 /* reasonable max for current servers */
PATCH
echo "subsystem/cifs/uapi-comment" >>"$mine/series"
echo "subsystem/cifs/uapi-comment" >>"$mine/manifests/upstream-6.6.manifest"
echo "!subsystem/cifs/uapi-comment not for this line in the test" >>"$mine/manifests/wsl-6.6.manifest"
cli=$WSLX_ROOT/tools/wslx-cli
run_capture "$cli" stack --standin --base upstream-6.6 --patches "$mine" --boots 1
if [[ $RC -eq 3 ]] && grep -q 'needs human review: uapi: the series changes UAPI headers (include/uapi/linux/cifs/cifs_mount.h)' <<<"$ERR" &&
	grep -q '^# Needs human review on the upstream lane' "$latest/summary.md"; then
	pass "a patch touching include/uapi stops at 'needs human review: uapi' (exit 3)"
else
	fail "a patch touching include/uapi needs human review" "exit $RC" "$(tail -n 8 <<<"$ERR")"
fi
run_capture m stack STANDIN=1 BASE=upstream-6.6 PATCHES="$mine" ACCEPT=uapi BOOTS=1
if [[ $RC -eq 0 ]] && grep -q '^- accepted: uapi: the series changes UAPI headers' "$latest/summary.md"; then
	pass "ACCEPT=uapi lets it through, and the summary lists the acceptance"
else
	fail "ACCEPT=uapi lets it through, listed" "exit $RC" "$(tail -n 8 <<<"$ERR")"
fi
if [[ $(rec "[p['status'] for b in r['bases'] for p in b['patches'] if 'cifs' in p['patch']]") == "['applied']" ]]; then
	pass "an excluded topic is excluded with its reason on the base it is excluded from"
else
	fail "manifest exclusion" "$(rec "[(b['name'], p) for b in r['bases'] for p in b['patches'] if 'cifs' in p['patch']]")"
fi

# 3b. A test whose result changes between reruns is flaky: rerun, and
# escalated. A kselftest that fails on its first run in a boot and passes
# after, added by a patch made here with git format-patch; beside it a patch
# to kernel/locking/ that makes boot 1.5 s slower (an initcall that waits),
# two boots each: it applies cleanly and still needs a human (locking), the
# locking class's default kselftests (PI futexes on the rt_mutex) run and
# pass with and without it, and the delta beyond the spread needs a human
# (performance).
demo=$TMP/demo
git init -q "$demo"
mkdir -p "$demo/tools/testing/selftests/flaky_demo"
cat >"$demo/tools/testing/selftests/flaky_demo/flaky_demo.c" <<'C'
// SPDX-License-Identifier: GPL-2.0-only
/* Fails on its first run in a boot and passes after: flaky on purpose. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	if (access("/tmp/flaky_demo.ran", F_OK) == 0) {
		printf("ok 1 a later run passes\n");
		return 0;
	}
	close(open("/tmp/flaky_demo.ran", O_CREAT | O_WRONLY, 0600));
	printf("not ok 1 the first run fails\n");
	return 1;
}
C
printf '# SPDX-License-Identifier: GPL-2.0-only\nTEST_GEN_PROGS := flaky_demo\n\ninclude ../lib.mk\n' \
	>"$demo/tools/testing/selftests/flaky_demo/Makefile"
git -C "$demo" add -A
git -C "$demo" -c user.name=wslx -c user.email=wslx@example.invalid commit -q -m "selftests: flaky_demo: flaky on purpose"
rm -r "$mine/subsystem/cifs"
mkdir -p "$mine/subsystem/selftests/flaky-demo"
git -C "$demo" format-patch -q --root -o "$mine/subsystem/selftests/flaky-demo" HEAD
sed -i '/cifs/d' "$mine/series" "$mine/manifests/"*.manifest
echo "subsystem/selftests/flaky-demo" | tee -a "$mine/series" "$mine/manifests/"*.manifest >/dev/null
slow=$TMP/slow
git init -q "$slow"
mkdir -p "$slow/kernel/locking"
git --git-dir="$WSLX_CACHE/stack/repo.git" show "$(rec "[b['commit'] for b in r['bases']][0]"):kernel/locking/mutex.c" >"$slow/kernel/locking/mutex.c"
git -C "$slow" add -A
git -C "$slow" -c user.name=wslx -c user.email=wslx@example.invalid commit -q -m base
printf '
#include <linux/delay.h>

/* Slows boot on purpose: the performance delta a test looks for. */
static int __init slow_boot(void)
{
	mdelay(1500);
	return 0;
}
late_initcall(slow_boot);
' >>"$slow/kernel/locking/mutex.c"
git -C "$slow" -c user.name=wslx -c user.email=wslx@example.invalid commit -q -am "locking: boot 1.5 s slower on purpose"
mkdir -p "$mine/subsystem/locking/slow-boot"
git -C "$slow" format-patch -q -1 -o "$mine/subsystem/locking/slow-boot" HEAD
echo "subsystem/locking/slow-boot" | tee -a "$mine/series" "$mine/manifests/"*.manifest >/dev/null
run_capture "$cli" stack --standin --base upstream-6.6 --patches "$mine" --boots 2
flaky=$(rec "[t for b in r['bases'] for t in b['tests'].get('series', []) if 'flaky' in t['test']]")
if [[ $RC -eq 3 ]] && grep -q 'needs human review: flaky: flaky_demo:flaky_demo changed result between reruns' <<<"$ERR" &&
	[[ $flaky == "[{'test': 'flaky_demo:flaky_demo', 'status': 'flaky'}]" ]]; then
	pass "a test that fails, then passes on its rerun is flaky and needs human review (exit 3)"
else
	fail "a flaky test is escalated" "exit $RC, $flaky" "$(tail -n 6 <<<"$ERR")"
fi
if grep -q 'needs human review: performance: boot to user space is slower with the series on upstream-6.6: .*beyond the spread of 2 boots each' <<<"$ERR" &&
	grep -q '^| boot to user space | .* | slower beyond the spread |$' "$latest/summary.md" &&
	grep -q '^- needs human review: performance: boot to user space is slower' "$latest/summary.md"; then
	pass "a series that slows boot by 1.5 s: slower beyond the spread of 2 boots, needs human review (performance)"
else
	fail "a slower boot is a performance escalation" "$(grep -i 'performance' <<<"$ERR")" "$(grep -A5 '^Performance' "$latest/summary.md")"
fi
if [[ $(patch_status upstream-6.6 slow-boot) == applied ]] &&
	grep -q '^- needs human review: locking: subsystem/locking/slow-boot/0001-.* changes locking code on upstream-6.6 (kernel/locking/mutex.c)$' "$latest/summary.md" &&
	grep -q '^- touched with no kselftest mapped (patches/kselftest.map): net/ipv6 (1 file)$' "$latest/summary.md"; then
	pass "a clean-applying patch to kernel/locking/ needs a human (locking)"
else
	fail "a patch to kernel/locking/ is reviewed" "$(grep 'locking\|kselftest' "$latest/summary.md")"
fi
futex=$(rec "sorted((s, t['test'], t['status']) for b in r['bases'] for s, ts in b['tests'].items() for t in ts if t['test'].startswith('futex:'))")
want=""
for s in base series; do
	for t in futex_requeue_pi futex_requeue_pi_mismatched_ops futex_wait_timeout futex_wait_wouldblock; do
		want+="${want:+, }('$s', 'futex:functional/$t', 'pass')"
	done
done
if [[ $futex == "[$want]" ]] && grep -q '^- kselftests chosen: .*futex:functional/futex_requeue_pi (touched kernel/locking/mutex.c)' "$latest/summary.md"; then
	pass "the locking class's default kselftests: 4 futex PI and wait tests pass on the base and with the series"
else
	fail "a locking patch runs the locking defaults" "$futex" "$(grep 'kselftests chosen' "$latest/summary.md")"
fi
rm -r "$mine/subsystem/selftests" "$mine/subsystem/locking"
sed -i '/flaky-demo\|slow-boot/d' "$mine/series" "$mine/manifests/"*.manifest

# 3c. Every patch builds on its own when asked (bisectability).
run_capture m stack STANDIN=1 BASE=upstream-6.6 EACH_COMMIT=1 BOOTS=1
if [[ $RC -eq 0 ]] && grep -q '^- each patch built on its own: 0001-ip6_vti-.* ok, 0001-fs-.* ok, 0002-fs-.* ok, 0003-selftests-.* ok$' "$latest/summary.md"; then
	pass "EACH_COMMIT=1: each of the 4 patches builds on its own"
else
	fail "EACH_COMMIT=1 builds each patch" "exit $RC" "$(grep 'on its own' "$latest/summary.md")" "$(tail -n 5 <<<"$ERR")"
fi

# 3d. A local tarball as the clean base (BASE_SOURCE=, its sha256 checked):
# no stand-in then, and the results name the tarball.
# The stand-in's own .orig (the cache may hold other versions: see 3f).
v=$(sed -n 's/^stand_in=debian-orig linux=\(.*\)-[^-]*$/\1/p' "$WSLX_ROOT/patches/bases/upstream-6.6.base")
orig=$(find "$WSLX_CACHE/stack/debian-src" -name "linux_$v.orig.tar.xz" | head -n 1)
sum=$(sha256sum "$orig" | cut -d' ' -f1)
run_capture m stack BASE=upstream-6.6 BASE_SOURCE="upstream-6.6=$orig" BASE_SHA256="upstream-6.6=$sum" BOOTS=1
if [[ $RC -eq 0 ]] && grep -q '^# Works on the upstream lane$' "$latest/summary.md" &&
	grep -q "^- base: local ${orig##*/} (linux $v, sha256 ${sum:0:16}" "$latest/summary.md"; then
	pass "BASE_SOURCE=<tarball> with its sha256: the tarball is the base, named, no stand-in"
else
	fail "BASE_SOURCE=<tarball> is the base" "exit $RC" "$(head -n 1 "$latest/summary.md")" "$(grep '^- base:' "$latest/summary.md")" "$(tail -n 4 <<<"$ERR")"
fi

# 3e. A series that changes the preemption model (issue 24: the base kernels
# were configured with the series' options and could never be built): the
# base kernels keep their configuration (taken from the cache, as built
# above), the series kernels are not preemptible (the stand-ins' own are:
# PREEMPT_DYNAMIC), the vermagic difference is named and escalated as
# config (and on the downstream base the exports of the dynamic preemption
# calls go: abi), and ACCEPT=config,abi lets it through.
printf 'CONFIG_PREEMPT_DYNAMIC=n\nCONFIG_PREEMPT_VOLUNTARY=n\nCONFIG_PREEMPT_NONE=y\n' >>"$mine/series.config"
run_capture "$cli" stack --standin --patches "$mine" --boots 1
cached=$(rec "[(b['name'], b['kernels']['base']['cached']) for b in r['bases']]")
# shellcheck disable=SC2016 # the backquotes are summary.md's Markdown, not a command
if [[ $RC -eq 3 && $cached == "[('upstream-6.6', True), ('wsl-6.6', True)]" ]] &&
	[[ $(grep -c '^- vermagic options: base `SMP preempt mod_unload[^`]*`, series `SMP mod_unload[^`]*` (series.config changes them)$' "$latest/summary.md") -eq 2 ]] &&
	grep -q '^- needs human review: config: the series changes the modules. vermagic on upstream-6.6' "$latest/summary.md" &&
	grep -q '^CONFIG_PREEMPT_NONE=y$' "$latest/wsl-6.6/series/config" && grep -q '^CONFIG_PREEMPT_DYNAMIC=y$' "$latest/wsl-6.6/base/config"; then
	pass "a series.config that changes the preemption model: base kernels unchanged, series kernels not preemptible, vermagic named, needs human review (config)"
else
	fail "a series that changes the preemption model" "exit $RC, base kernels cached: $cached" "$(grep -i 'vermagic\|config:' "$latest/summary.md")" "$(tail -n 5 <<<"$ERR")"
fi
run_capture m stack STANDIN=1 PATCHES="$mine" BOOTS=1 ACCEPT=config,abi
booted=$(grep "^Linux version $(rec "r['bases'][1]['kernels']['series']['release']") " "$latest/wsl-6.6/series/console.log" || true)
if [[ $RC -eq 0 ]] && grep -q '^# Works on the upstream lane; works on the WSL lane' "$latest/summary.md" &&
	[[ $booted == *" SMP "* && $booted != *PREEMPT* ]]; then
	pass "ACCEPT=config,abi: both lanes work with the series kernels not preemptible, booted and tested"
else
	fail "ACCEPT=config,abi with a preemption change" "exit $RC, booted: $booted" "$(head -n 1 "$latest/summary.md")" "$(tail -n 5 <<<"$ERR")"
fi
sed -i '/PREEMPT/d' "$mine/series.config"

# 3f. Moving a base: the clean base at Debian's 6.1.170-3 (an older point
# release of the line, from the same archive) is a move from the 6.1.176-1
# accepted above; accepted there, moving it back to 6.1.176-1 is compared
# with it: the base it moved from, each patch's verdict against the
# accepted run's (measured: the ip6_vti fix needs an offset on 6.1.170 and
# applies cleanly on 6.1.176).
sed -i 's/^stand_in=debian-orig linux=6\.1\.176-1$/stand_in=debian-orig linux=6.1.170-3/' "$mine/bases/upstream-6.6.base"
run_capture m stack STANDIN=1 BASE=upstream-6.6 PATCHES="$mine" BOOTS=1
if [[ $RC -eq 0 ]] && grep -q '^## The base moved on upstream-6.6$' "$latest/summary.md" &&
	grep -q "^From stand-in: Debian's linux 6.1.176-1 .orig tarball (upstream 6.1.176) (\`[0-9a-f]\{12\}\`, accepted in cycle " "$latest/summary.md"; then
	pass "the clean base moved to 6.1.170-3: works, and the summary names the accepted base it moved from"
else
	fail "the clean base at 6.1.170-3" "exit $RC" "$(sed -n '/^## The base moved/,/^## /p' "$latest/summary.md")" "$(tail -n 5 <<<"$ERR")"
fi
sed -i 's/^stand_in=debian-orig linux=6\.1\.170-3$/stand_in=debian-orig linux=6.1.176-1/' "$mine/bases/upstream-6.6.base"
run_capture m stack STANDIN=1 BASE=upstream-6.6 PATCHES="$mine" BOOTS=1
movedfrom=$(rec "r['bases'][0]['moved_from']['base']")
if [[ $RC -eq 0 && $movedfrom == "stand-in: Debian's linux 6.1.170-3 .orig tarball (upstream 6.1.170)" ]] &&
	grep -q '^- subsystem/net/ip6-vti-netns-local/0001-ip6_vti-.*: offset -> applied (cleanly)$' "$latest/summary.md" &&
	grep -q '^- 3 other patches have the verdict they had$' "$latest/summary.md" &&
	grep -q '^## Against the last accepted run on upstream-6.6$' "$latest/summary.md"; then
	pass "moving the clean base from 6.1.170-3 to 6.1.176-1: compared with the accepted run, the ip6_vti fix went from offset to applied, 3 others kept theirs"
else
	fail "moving the clean base to its next point release" "exit $RC, moved from: $movedfrom" "$(sed -n '/^## The base moved/,/^## /p' "$latest/summary.md")"
fi

# 4. Without its recorded resolution the downstream base stops at the
# conflict, shows the hunks and names the command; the fix recorded with
# make stack-resolve is replayed by the next cycle.
rm -r "$mine/rerere"
run_capture "$cli" stack --standin --base wsl-6.6 --patches "$mine"
# The command carries PATCHES= (issue 24: without it the fix went into the
# checkout's own patches/rerere), on the terminal and in summary.md and conflicts.md.
fix="make stack-resolve BASE=wsl-6.6 PATCHES=$mine"
work=$(sed -n "s|.*fix the files in \(.*\), then record the fix with: $fix\$|\1|p" <<<"$ERR")
if [[ $RC -eq 1 ]] && grep -q 'wsl-6.6 stopped at subsystem/fs/protected-links-default/0001-.*: conflict in fs/namei.c, no recorded resolution' <<<"$ERR" &&
	grep -q '^ *++<<<<<<< ' <<<"$ERR" && [[ -n $work ]] &&
	grep -qF "record the fix with \`$fix\`" "$WSLX_BUILD/stack/latest/summary.md" &&
	grep -qF "record the fix with \`$fix\`" "$WSLX_BUILD/stack/latest/conflicts.md" &&
	! grep -q 'series as applied' <<<"$(sed -n '/^## The WSL/,/^## /p' "$WSLX_BUILD/stack/latest/summary.md")"; then
	pass "a conflict with no recorded resolution stops, shows its hunks and the command to record a fix (with PATCHES=, also in summary.md and conflicts.md)"
else
	fail "an unresolved conflict stops with its hunks" "exit $RC" "$(tail -n 20 <<<"$ERR")" "$(grep -i 'record the fix\|series as applied' "$WSLX_BUILD/stack/latest/summary.md")"
fi
run_capture m stack-status PATCHES="$mine"
if grep -q '^wsl-6.6 .*stopped at a conflict, waiting for make stack-resolve' <<<"$OUT"; then
	pass "make stack-status says the base waits at a conflict"
else
	fail "make stack-status says the base waits at a conflict" "$OUT"
fi
expect_error "make stack-resolve with the markers still in: one line naming the file" \
	"fs/namei.c: still has conflict markers; fix it first" m stack-resolve BASE=wsl-6.6 PATCHES="$mine"
if [[ -n $work ]]; then
	/usr/bin/python3 - "$work/fs/namei.c" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
open(p, "w").write(re.sub(r"<<<<<<< [^\n]*\n.*?=======\n(.*?)>>>>>>> [^\n]*\n", r"\1", s, flags=re.S))
PY
fi
run_capture m stack-resolve BASE=wsl-6.6 PATCHES="$mine"
if [[ $RC -eq 0 ]] && diff -r "$WSLX_ROOT/patches/rerere" "$mine/rerere" >/dev/null; then
	pass "make stack-resolve records the fix in patches/rerere/ (the same resolution as the example's)"
else
	fail "make stack-resolve records the fix" "exit $RC" "$ERR" "$(ls -R "$mine/rerere" 2>&1)"
fi
run_capture m stack STANDIN=1 BASE=wsl-6.6 PATCHES="$mine" BOOTS=1
if [[ $RC -eq 0 && $(patch_status wsl-6.6 0001-fs) == resolved ]]; then
	pass "the next cycle replays the recorded resolution and works"
else
	fail "the next cycle replays the recorded resolution" "exit $RC" "$(tail -n 8 <<<"$ERR")"
fi

# 5. A recorded resolution whose hunk no longer matches is named.
entry=$(find "$mine/rerere" -mindepth 1 -maxdepth 1 -type d)
sed -i 's/^static int sysctl_protected_fifos __read_mostly;$/static int sysctl_protected_fifos __read_mostly = 2;/' "$entry/postimage"
sed -i 's/^static int sysctl_protected_fifos __read_mostly;$/static int sysctl_protected_fifos __read_mostly = 3;/' "$entry/preimage"
sed -i '/IS_ENABLED(CONFIG_PROTECTED_LINKS_DEFAULT);/,+0s/^/\/\/ /' "$entry/postimage"
run_capture "$cli" stack --standin --base wsl-6.6 --patches "$mine"
if [[ $RC -eq 1 ]] && grep -q "recorded resolution for fs/namei.c ($(basename "$entry")) no longer matches its hunk" <<<"$ERR"; then
	pass "a recorded resolution whose hunk no longer matches is named, with its id"
else
	fail "a stale recorded resolution is named" "exit $RC" "$(grep -v '^ ' <<<"$ERR" | tail -n 6)"
fi

# 5b. Where git's three-way merge is impossible (the author's file is not in
# the base's history, as with a series written against another tree): a
# patch whose context differs next to its change is applied with fuzz
# (fuzzed: a human reviews it); one whose context is not in the base at all
# stops with its .rej hunks; the hand fix recorded by make stack-resolve
# (PATCHES= a scratch series) is a replacement for that base, and the next
# cycle replays it by itself.
kbase=$(git --git-dir="$WSLX_CACHE/stack/repo.git" rev-parse "refs/wslx/imports/debian-orig-linux-$v")
author=$TMP/author
git init -q "$author"
mkdir -p "$author/lib"
git --git-dir="$WSLX_CACHE/stack/repo.git" show "$kbase:lib/kstrtox.c" >"$author/lib/kstrtox.c"
/usr/bin/python3 - "$author/lib/kstrtox.c" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().splitlines(keepends=True)
# The author's tree: a comment near line 60 worded otherwise, a block near
# line 120 that this base does not have.
lines[57] = lines[57].rstrip("\n") + " /* the author's tree */\n"
lines[120:120] = ["/* author block 1 */\n", "/* author block 2 */\n", "/* author block 3 */\n"]
open(p, "w").write("".join(lines))
PY
git -C "$author" add -A
git -C "$author" -c user.name=wslx -c user.email=wslx@example.invalid commit -q -m "author's tree"
sed -i '60a /* a comment added next to a line this base words otherwise */' "$author/lib/kstrtox.c"
git -C "$author" -c user.name=wslx -c user.email=wslx@example.invalid commit -q -am "lib: a change that needs fuzz"
sed -i 's|^/\* author block 2 \*/$|/* author block 2, changed */|' "$author/lib/kstrtox.c"
git -C "$author" -c user.name=wslx -c user.email=wslx@example.invalid commit -q -am "lib: a change on a block this base lacks"
mkdir -p "$mine/subsystem/lib/fuzzed" "$mine/subsystem/lib/rejected"
git -C "$author" format-patch -q -1 -o "$mine/subsystem/lib/fuzzed" HEAD~1
git -C "$author" format-patch -q -1 -o "$mine/subsystem/lib/rejected" HEAD
printf 'subsystem/lib/fuzzed\nsubsystem/lib/rejected\n' | tee -a "$mine/series" "$mine/manifests/"*.manifest >/dev/null
run_capture "$cli" stack --standin --base upstream-6.6 --patches "$mine" --boots 1
fix="make stack-resolve BASE=upstream-6.6 PATCHES=$mine"
work=$(sed -n "s|.*fix the files in \(.*\), then record the fix with: $fix\$|\1|p" <<<"$ERR")
if [[ $RC -eq 1 && $(patch_status upstream-6.6 0001-lib-a-change-that-needs-fuzz) == fuzzed ]] &&
	grep -q 'upstream-6.6 stopped at subsystem/lib/rejected/0001-.*no fit with fuzz: what applies is applied, the rest is in .rej files' <<<"$ERR" &&
	[[ -n $work && -f $work/lib/kstrtox.c.rej ]] && grep -q '^+/\* author block 2, changed \*/$' "$work/lib/kstrtox.c.rej"; then
	pass "no three-way merge: a patch whose context differs is fuzzed, one whose context is missing stops with its .rej hunks and the resolve command"
else
	fail "fuzz and .rej where three-way merge is impossible" "exit $RC" "$(grep -E 'lib/|stopped' <<<"$ERR" | head -n 8)"
fi
expect_error "make stack-resolve with a .rej file left: one line naming it" \
	"kstrtox.c.rej: rejected hunks still here; apply them by hand, delete the .rej files, then record" \
	m stack-resolve BASE=upstream-6.6 PATCHES="$mine"
if [[ -n $work ]]; then
	rm -f "$work/lib/kstrtox.c.rej"
	echo "/* the rejected change, placed by hand */" >>"$work/lib/kstrtox.c"
fi
run_capture m stack-resolve BASE=upstream-6.6 PATCHES="$mine"
replacement=$(find "$mine/resolutions/upstream-6.6" -name '0001-lib-a-change-on-a-block*.patch' 2>/dev/null)
if [[ $RC -eq 0 && -n $replacement ]] && grep -q '^+/\* the rejected change, placed by hand \*/$' "$replacement"; then
	pass "make stack-resolve records the hand fix as the patch's replacement for upstream-6.6 in PATCHES="
else
	fail "make stack-resolve records a replacement" "exit $RC" "$ERR" "$(find "$mine/resolutions" 2>&1)"
fi
run_capture m stack STANDIN=1 BASE=upstream-6.6 PATCHES="$mine" BOOTS=1 ACCEPT=fuzz
if [[ $RC -eq 0 && $(patch_status upstream-6.6 0001-lib-a-change-on-a-block) == resolved ]] &&
	[[ $(patch_status upstream-6.6 0001-lib-a-change-that-needs-fuzz) == fuzzed ]] &&
	grep -q "^# Works on the upstream lane" "$latest/summary.md" &&
	grep -q "^- series kernel .*; booted " "$latest/summary.md"; then
	pass "the next cycle replays the replacement (resolved), builds and boots with ACCEPT=fuzz"
else
	fail "the replacement is replayed" "exit $RC" "$(tail -n 8 <<<"$ERR")"
fi
rm -r "$mine/subsystem/lib" "$mine/resolutions"
sed -i '/subsystem\/lib\//d' "$mine/series" "$mine/manifests/"*.manifest

# 6. Bad input: one line each, naming the patch, base or file.
bad=$TMP/bad
cp -r "$WSLX_ROOT/patches" "$bad"
mkdir -p "$bad/fs"
cp "$bad/subsystem/fs/protected-links-default/0002-"*.patch "$bad/fs/0002-loose.patch"
expect_error "a patch without a scope tag is refused" "$bad/fs/0002-loose.patch: no scope tag" \
	m stack STANDIN=1 PATCHES="$bad"
rm -r "$bad/fs"
echo "subsystem/mm/not-there" >>"$bad/manifests/wsl-6.6.manifest"
expect_error "a manifest naming a topic that does not exist" \
	"wsl-6.6.manifest:[0-9]*: topic subsystem/mm/not-there does not exist in the series" \
	m stack STANDIN=1 PATCHES="$bad"
expect_error "ACCEPT= naming no escalation class" "ACCEPT=bogus: not an escalation class (known: abi config flaky fuzz locking memory-management memory-ordering performance scheduler security uapi)" \
	m stack STANDIN=1 ACCEPT=bogus
expect_error "BASE= naming no base" "base nope: no such base (known: upstream-6.6 wsl-6.6)" \
	m stack STANDIN=1 BASE=nope
expect_error "BOOTS= that is no number of boots" "BOOTS=0: not a number of boots from 1 to 20" \
	m stack STANDIN=1 BOOTS=0
expect_error "a base tarball that fails its checksum" "sha256 .* does not match the expected 00" \
	m stack BASE=upstream-6.6 BASE_SOURCE="upstream-6.6=$orig" BASE_SHA256="upstream-6.6=$(printf '0%.0s' {1..64})"
expect_error "a pinned base that cannot be fetched (no network here): named, with what to do" \
	"base upstream-6.6: cannot fetch https://git.kernel.org/.* tag v6.6.114 .*STANDIN=1" \
	env GIT_ALLOW_PROTOCOL=file make -s -C "$WSLX_ROOT" stack BASE=upstream-6.6
