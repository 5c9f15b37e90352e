#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The prediction matrix: every module the suite builds (the example, the
# fixtures, the adoption fixture that needs videodev, the forged wrong
# cases, and the example built for another kernel) offered to every x86_64
# Debian kernel the suite boots. modcheck verify's verdict (loads / refused)
# is held against the real kernel's, in one QEMU boot per kernel that tries
# each candidate with its in-kernel dependencies staged (the boots run at
# once, up to one per core). Every case must
# agree; the table goes into the test log.
source "$(dirname "$0")/lib.sh"

lanes=(debian-5.10 debian-6.1 debian-6.1-rt debian-6.1-cloud debian-6.12 debian-7.2)
mc=$(modcheck_bin)

# build_fixture LANE DIR NAME [VARS...]: the fixture in DIR built against
# the lane's kernel (in its build root where it has one); prints the .ko.
build_fixture() {
	local lane=$1 from=$2 name=$3 dir cc_args
	shift 3
	dir=$TMP/build-$lane-$name
	rm -rf "$dir"
	cp -r "$from" "$dir"
	# A build root has the kernel's own compiler; elsewhere the host's may stand in.
	cc_args=()
	if [[ -z $("$WSLX_ROOT/tools/wslx-cli" lane-get "$lane" buildroot_suite) ]]; then
		mapfile -t cc_args < <(kbuild_cc_args "$KDIR" 2>/dev/null)
	fi
	"$WSLX_ROOT/tools/wslx-cli" in-lane "$lane" -- make -C "$KDIR" M="$dir" "${cc_args[@]}" "$@" modules \
		>"$dir/build.log" 2>&1 || return 1
	printf '%s\n' "$dir/$name.ko"
}

# forge_crc KO OUT: KO with the CRC of its first __versions entry flipped.
forge_crc() {
	local bin=$TMP/versions.bin
	cp "$1" "$2"
	objcopy --dump-section "__versions=$bin" "$2" 2>/dev/null || return 1
	printf '\xde\xad\xbe\xef' | dd of="$bin" bs=1 seek=0 conv=notrunc status=none
	objcopy --update-section "__versions=$bin" "$2"
}

# The example module for every lane first: each kernel is also offered
# the one built for the next lane (a wrong vermagic, and often CRCs).
declare -A example=()
for lane in "${lanes[@]}"; do
	lane_ko "$lane" || { fail "$lane: the example module builds"; continue; }
	mkdir -p "$TMP/example-$lane"
	cp "$KO" "$TMP/example-$lane/"
	example[$lane]=$TMP/example-$lane/$(basename "$KO")
done

# Each lane's candidates and verify's predictions, then its guest started
# in the background (up to one per core: TCG runs a guest on one core);
# the guests' results are read once all have ended.
modcheck_bin >/dev/null
declare -A boot=()
booted=()
for i in "${!lanes[@]}"; do
	lane=${lanes[$i]}
	other=${lanes[$(((i + 1) % ${#lanes[@]}))]}
	[[ -n ${example[$lane]:-} && -n ${example[$other]:-} ]] || continue
	use_lane "$lane"
	dir=$TMP/cand-$lane
	mkdir -p "$dir"
	cp "${example[$lane]}" "$dir/example.ko"
	cp "${example[$other]}" "$dir/example_for_$other.ko"
	for f in dep_user unresolved gpl_only_user ns_no_import; do
		vars=()
		[[ $f == unresolved ]] && vars=(KBUILD_MODPOST_WARN=1)
		ko=$(build_fixture "$lane" "$TESTS_DIR/fixtures/$f" "$f" "${vars[@]}") || continue
		cp "$ko" "$dir/$f.ko"
	done
	# Built even where the kernel has no videodev (modpost told to go on):
	# then both must refuse it.
	if ko=$(build_fixture "$lane" "$TESTS_DIR/fixtures/adopt/vdev_user" vdev_user KBUILD_MODPOST_WARN=1); then
		cp "$ko" "$dir/vdev_user.ko"
	fi
	# Forged from good builds: a non-GPL licence on a GPL-only user, a
	# namespace the module does not import, a wrong CRC.
	[[ -f $dir/gpl_only_user.ko ]] && perl -pi -e 's/license=GPL\0/license=MIT\0/' "$dir/gpl_only_user.ko"
	[[ -f $dir/ns_no_import.ko ]] && perl -pi -e 's/import_ns=CRYPTO_INTERNAL\0/import_ns=WSLX_NOT_MINE_X\0/' "$dir/ns_no_import.ko"
	forge_crc "$dir/example.ko" "$dir/example_bad_crc.ko" || rm -f "$dir/example_bad_crc.ko"

	plan='' files=()
	: >"$TMP/predicted-$lane"
	for ko in "$dir"/*.ko; do
		c=$(basename "$ko" .ko)
		if "$mc" verify --kdir "$KDIR" --moddir "$MODULES_DIR" "$ko" >/dev/null 2>&1; then
			echo "$c loads" >>"$TMP/predicted-$lane"
		else
			echo "$c refused" >>"$TMP/predicted-$lane"
		fi
		# Each candidate is removed again after its try, so that the next
		# one meets the kernel as it booted.
		plan+="modcheck smoke --ktap /c/$c.ko 2>&1 | sed 's/^/[$c] /'"$'\n'
		files+=(--file "$ko:c/$c.ko")
	done
	printf '%s\n' "$plan" >"$TMP/plan-$lane.sh"
	while (($(jobs -rp | wc -l) >= $(nproc))); do sleep 1; done
	"$WSLX_ROOT/ci/qemu_run.sh" --kernel "$KERNEL_IMAGE" --plan "$TMP/plan-$lane.sh" \
		--out "$TMP/guest-$lane" --timeout 240 --deps "$MODULES_DIR" "${files[@]}" \
		>"$TMP/boot-$lane.out" 2>"$TMP/boot-$lane.err" &
	boot[$lane]=$!
	booted+=("$lane")
done

table=$TMP/table
printf '%-17s %-24s %-8s %-8s %s\n' kernel candidate verify kernel agree >"$table"
cases=0 agree=0
for lane in "${booted[@]}"; do
	rc=0
	wait "${boot[$lane]}" || rc=$?
	if [[ $rc -ne 0 && $rc -ne 1 ]]; then
		fail "$lane: the guest tries every candidate" "exit $rc" "$(tail -n 5 "$TMP/boot-$lane.err")"
		continue
	fi
	OUT=$(cat "$TMP/guest-$lane/results.ktap" 2>/dev/null || true)
	while read -r c predicted; do
		if grep -q "^\[$c\] ok [0-9]* insert" <<<"$OUT"; then
			real=loads
		elif grep -q "^\[$c\] not ok [0-9]* insert" <<<"$OUT"; then
			real=refused
		else
			real=unknown
		fi
		ok=no
		[[ $real == "$predicted" ]] && ok=yes && agree=$((agree + 1))
		cases=$((cases + 1))
		printf '%-17s %-24s %-8s %-8s %s\n' "$lane" "$c" "$predicted" "$real" "$ok" >>"$table"
	done <"$TMP/predicted-$lane"
done

sed 's/^/# /' "$table"
if ((cases >= 40 && agree == cases)); then
	pass "modcheck verify's verdict equals the real kernel's in all $cases cases ($(grep -c ' refused ' "$table" || true) refused)"
else
	fail "modcheck verify's verdict equals the real kernel's in at least 40 cases" \
		"$agree of $cases agree" "$(awk '$5 == "no"' "$table")"
fi
