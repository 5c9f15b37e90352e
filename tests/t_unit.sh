#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The fast offline tier: the harness's unit tests (tests/unit/), no
# network, no QEMU. Each test is one TAP line; a skip is never a pass.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 tests/unit/tap_runner.py
