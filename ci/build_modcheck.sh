#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_modcheck.sh [SANITIZE=1]: build tools/modcheck (with ASan and UBSan
# under SANITIZE=1) and print its path. Wrapper over tools/wslx-cli modcheck.
set -euo pipefail
args=()
[[ ${1:-} == SANITIZE=1 ]] && args=(--sanitize)
exec "$(dirname "$0")/../tools/wslx-cli" modcheck "${args[@]}"
