#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The pinned sources of the source lanes: well-formed (https URLs, the
# tags the lanes promise, sha256 checksums), and the ones a lane really
# fetches when it is given no --source. The git path is run for real on a
# local repository (file://): a shallow clone of exactly the pinned tag.
source "$(dirname "$0")/lib.sh"
# lane_get LANE KEY: a key of a lane file, as the harness reads it (schema-checked).
lane_get() { "$WSLX_ROOT/tools/wslx-cli" lane-get "$1" "$2"; }

mapfile -t lanes < <(grep -l '^kind=source' "$WSLX_ROOT"/ci/lanes/*.lane | xargs -n 1 basename | sed 's/\.lane$//')
if [[ ${#lanes[@]} -ge 2 ]]; then
	pass "source lanes defined: ${lanes[*]}"
else
	fail "the source lanes L1 and L2 are defined" "${lanes[*]}"
fi

for lane in "${lanes[@]}"; do
	git=$(lane_get "$lane" source_git)
	tag=$(lane_get "$lane" source_tag)
	url=$(lane_get "$lane" source_url)
	sum=$(lane_get "$lane" source_sha256)
	if [[ -n $git ]]; then
		if [[ $git =~ ^https://[a-z0-9.-]+/[A-Za-z0-9._/-]+$ && $tag =~ ^[A-Za-z0-9._-]+$ ]]; then
			pass "$lane: pins git $git at tag $tag"
		else
			fail "$lane: a well-formed git URL and tag" "$git $tag"
		fi
	elif [[ $url =~ ^https://[^[:space:]]+\.tar\.(xz|gz)$ && $sum =~ ^[0-9a-f]{64}$ ]]; then
		pass "$lane: pins $url with sha256 $sum"
	else
		fail "$lane: pins a source (git + tag, or tarball + sha256)" "$git $tag $url $sum"
	fi
	# What a lane fetches with no --source and nothing remembered.
	run_capture env WSLX_FETCH_DRY_RUN=1 WSLX_BUILD="$TMP/build" "$WSLX_ROOT/ci/prepare_lane.sh" "$lane"
	want="fetch git $git tag $tag"
	[[ -n $git ]] || want="fetch tarball $url sha256 $sum"
	if [[ $RC -eq 0 && $OUT == "$want" ]]; then
		pass "$lane: without --source it fetches exactly its pin"
	else
		fail "$lane: without --source it fetches its pin" "exit $RC: $OUT" "$ERR"
	fi
done

l1_tag=$(lane_get upstream-6.6 source_tag)
l2_tag=$(lane_get wsl-6.6 source_tag)
if [[ $(lane_get upstream-6.6 source_git) == https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git &&
	$l1_tag =~ ^v6\.6\.[0-9]+$ ]]; then
	pass "L1 pins a 6.6.y tag of the stable tree ($l1_tag)"
else
	fail "L1 pins a 6.6.y tag of the stable tree" "$l1_tag"
fi
if [[ $(lane_get wsl-6.6 source_git) == https://github.com/microsoft/WSL2-Linux-Kernel.git &&
	$l2_tag == linux-msft-wsl-6.6.114.1 ]]; then
	pass "L2 pins microsoft/WSL2-Linux-Kernel at linux-msft-wsl-6.6.114.1"
else
	fail "L2 pins microsoft/WSL2-Linux-Kernel at linux-msft-wsl-6.6.114.1" "$l2_tag"
fi
if [[ ${l2_tag#linux-msft-wsl-} == "${l1_tag#v}".* ]]; then
	pass "L1's tag is the upstream release L2 is based on"
else
	fail "L1's tag is the upstream release L2 is based on" "$l1_tag vs $l2_tag"
fi

# The git path for real: a local repository with two tags; the lane must
# clone the pinned one, shallow.
repo=$TMP/repo
mkdir -p "$repo/arch/x86" "$repo/scripts/kconfig" "$repo/drivers/misc"
printf 'menu "Misc devices"\nendmenu\n' >"$repo/drivers/misc/Kconfig"
: >"$repo/drivers/misc/Makefile"
printf 'VERSION = 6\nPATCHLEVEL = 6\nSUBLEVEL = 0\nEXTRAVERSION =\n' >"$repo/Makefile"
: >"$repo/Kconfig"
: >"$repo/arch/x86/Kconfig"
: >"$repo/scripts/kconfig/Makefile"
git -C "$repo" init -q
git -C "$repo" -c user.name=t -c user.email=t@t add -A
git -C "$repo" -c user.name=t -c user.email=t@t commit -qm one
git -C "$repo" tag pinned
pinned=$(git -C "$repo" rev-parse HEAD)
echo 'SUBLEVEL_NOTE = later' >>"$repo/Makefile"
git -C "$repo" -c user.name=t -c user.email=t@t commit -qam two
git -C "$repo" tag later
mkdir -p "$TMP/lanes"
printf 'kind=source\ndescription=test\narch=x86_64\nline=6.6\nsource_git=file://%s\nsource_tag=pinned\nfull_config=defconfig:x86_64_defconfig\n' \
	"$repo" >"$TMP/lanes/gitpin.lane"
run_capture env WSLX_LANES_DIR="$TMP/lanes" WSLX_BUILD="$TMP/build" "$WSLX_ROOT/ci/prepare_lane.sh" gitpin
clone=$WSLX_CACHE/src/git-$(printf '%s' "file://$repo#pinned" | sha256sum | cut -c1-16)
if grep -q "cloning file://$repo at pinned (shallow)" <<<"$ERR" && [[ -f $clone/.wslx-manifest.json ]] &&
	[[ $(git -C "$clone" rev-parse HEAD) == "$pinned" && $(git -C "$clone" rev-parse --is-shallow-repository) == true ]]; then
	pass "the git path clones exactly the pinned tag, shallow"
else
	fail "the git path clones exactly the pinned tag, shallow" "$(tail -n 3 <<<"$ERR")"
fi
# That toy tree is no kernel: configuring it must fail with a clear error.
if [[ $RC -ne 0 ]] && grep -q '^wslx: error: make .* failed' <<<"$ERR"; then
	pass "a tree that cannot be configured stops with one error line"
else
	fail "a tree that cannot be configured stops with an error" "$(tail -n 3 <<<"$ERR")"
fi
rm -rf "$clone" "$WSLX_CACHE/kbuild/gitpin"
sed -i 's/^source_tag=.*/source_tag=nosuchtag/' "$TMP/lanes/gitpin.lane"
expect_error "a pinned tag that does not exist" "git clone of nosuchtag failed" \
	env WSLX_LANES_DIR="$TMP/lanes" WSLX_BUILD="$TMP/build" "$WSLX_ROOT/ci/prepare_lane.sh" gitpin

# A lane may also name Debian's source package or a local path, and take a
# distribution lane's kernel config as its full configuration.
printf 'kind=source\ndescription=test\narch=x86_64\nline=6.12\nsource_debian=linux-source-6.12\nfull_config=file:lane:debian-6.12\n' \
	>"$TMP/lanes/debsrc.lane"
printf 'kind=source\ndescription=test\narch=x86_64\nline=6.6\nsource_path=/usr/src/linux\nfull_config=defconfig:x86_64_defconfig\n' \
	>"$TMP/lanes/pathsrc.lane"
for pair in "debsrc:fetch debian linux-source-6.12" "pathsrc:local /usr/src/linux"; do
	run_capture env WSLX_FETCH_DRY_RUN=1 WSLX_LANES_DIR="$TMP/lanes" WSLX_BUILD="$TMP/build" \
		"$WSLX_ROOT/ci/prepare_lane.sh" "${pair%%:*}"
	if [[ $RC -eq 0 && $OUT == "${pair#*:}" ]]; then
		pass "a lane with ${pair%%:*}'s source kind fetches: ${pair#*:}"
	else
		fail "a lane with ${pair%%:*}'s source kind" "exit $RC: $OUT" "$ERR"
	fi
done
config=$(cd "$WSLX_ROOT/tools" && /usr/bin/python3 -c 'from pathlib import Path; from wslx import kconfig, prepare
print(kconfig.base_file("file:lane:debian-6.12", Path("/nonexistent"), prepare.lane_config))' 2>/dev/null)
if [[ -f $config ]] && grep -q '^CONFIG_MODULES=y' "$config" && [[ $config == */usr/src/linux-headers-6.12*/.config ]]; then
	pass "full_config=file:lane:debian-6.12 is Debian's own 6.12 config"
else
	fail "full_config=file:lane:debian-6.12 is Debian's own 6.12 config" "$config"
fi
