#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_kselftest.sh: build the module's kselftest-harness tests
# (tests/kselftest/*.c) as static binaries for the guest; prints their
# paths. Wrapper over tools/wslx-cli kselftests.
set -euo pipefail
exec "$(dirname "$0")/../tools/wslx-cli" kselftests
