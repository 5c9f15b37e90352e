#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A guest that hangs never exits by itself: the runner's hard timeout must
# end it and report it, and a plan that never finishes is not a pass.
source "$(dirname "$0")/lib.sh"

use_lane debian-6.1
t0=$SECONDS
guest "echo started; sleep 100000" --timeout 20
took=$((SECONDS - t0))
if [[ $RC -eq 2 ]] && grep -q '^wslx: error: guest did not finish within 20s' <<<"$ERR"; then
	pass "a hanging guest is ended by the timeout and reported (exit 2)"
else
	fail "a hanging guest is ended by the timeout and reported (exit 2)" "exit $RC" "$ERR"
fi
if ((took < 40)); then
	pass "the runner returned soon after the timeout (${took}s for a 20s limit)"
else
	fail "the runner returned soon after the timeout" "took ${took}s"
fi
if grep -q '^started' <<<"$OUT" && ! grep -q 'wslx-guest: done' <<<"$OUT"; then
	pass "the plan had started and never finished"
else
	fail "the plan had started and never finished" "$OUT"
fi
if ! pgrep -f "$TMP/guest/initramfs.cpio" >/dev/null; then
	pass "no QEMU process is left behind"
else
	fail "no QEMU process is left behind" "$(pgrep -af "$TMP/guest/initramfs.cpio")"
fi

# Relative paths, as a user types them in their own folder: QEMU runs in the
# output folder, so the runner must not hand it paths relative to the caller's
# (it did: "error reading initrd out/initramfs.cpio").
mkdir -p "$TMP/rel"
printf 'echo relative-ok\n' >"$TMP/rel/plan.sh"
ln -sf "$KERNEL_IMAGE" "$TMP/rel/kernel"
run_capture env -C "$TMP/rel" "$WSLX_ROOT/ci/qemu_run.sh" --kernel kernel --plan plan.sh --out out
if [[ $RC -eq 0 ]] && grep -q '^relative-ok$' "$TMP/rel/out/results.ktap"; then
	pass "qemu_run.sh with relative --kernel, --plan and --out boots and runs the plan"
else
	fail "qemu_run.sh with relative paths" "exit $RC" "$(tail -n 3 <<<"$ERR")"
fi
