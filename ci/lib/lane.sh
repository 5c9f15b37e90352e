# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Lane definitions: ci/lanes/<name>.lane, "key=value" lines. Reading them
# here keeps every script's idea of a lane the same. WSLX_LANES_DIR points
# at another folder of lanes (the tests use it for lanes that cannot work).
WSLX_LANES_DIR=${WSLX_LANES_DIR:-$WSLX_ROOT/ci/lanes}

lane_file() {
	local lane=$1 file
	[[ $lane =~ ^[A-Za-z0-9._-]+$ ]] || die "LANE=$lane: not a lane name"
	file=$WSLX_LANES_DIR/$lane.lane
	[[ -f $file ]] ||
		die "LANE=$lane: no such lane (known: $(lane_names | paste -sd ' '))"
	printf '%s\n' "$file"
}

lane_names() {
	local f
	for f in "$WSLX_LANES_DIR"/*.lane; do
		basename "$f" .lane
	done
}

# lane_get LANE KEY [DEFAULT]: a key's value; without DEFAULT it is required.
lane_get() {
	local file value
	file=$(lane_file "$1") || exit 1
	value=$(sed -n "s/^$2=//p" "$file" | tail -n 1)
	if [[ -z $value ]]; then
		[[ $# -ge 3 ]] || die "$file: required key '$2' is missing"
		value=$3
	fi
	printf '%s\n' "$value"
}

# lane_dir LANE: where a lane's results live (logs, .ko, KTAP, summary).
lane_dir() {
	printf '%s\n' "$WSLX_BUILD/lanes/$1"
}

# lane_load LANE: prepare the lane (cached), load its kernel.env (KREL,
# KDIR, KERNEL_IMAGE, MODULES_DIR) and build modcheck: what
# every script that boots a lane's kernel needs first.
lane_load() {
	local dir
	lane_file "$1" >/dev/null
	dir=$(lane_dir "$1")
	mkdir -p "$dir"
	if ! "$WSLX_ROOT/ci/prepare_lane.sh" "$1" >/dev/null 2>"$dir/prepare.log"; then
		tail -n 3 "$dir/prepare.log" >&2
		die "LANE=$1: preparing the lane's kernel failed (log: $dir/prepare.log)"
	fi
	# shellcheck source=/dev/null
	source "$dir/kernel.env"
	: "${KDIR:?}" "${KERNEL_IMAGE:?}"
	"$WSLX_ROOT/ci/build_modcheck.sh" >/dev/null
}
