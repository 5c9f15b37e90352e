#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The harness's Python is typed and clean: mypy (strict, Debian's
# python3-mypy) and flake8 over tools/wslx, tools/wslx-cli and tests/unit
# (settings in setup.cfg).
source "$(dirname "$0")/lib.sh"
cd "$WSLX_ROOT" || exit 1
py=(tools/wslx tools/wslx-cli tests/unit)
check "mypy --strict: the harness and its unit tests are typed" /usr/bin/python3 -m mypy \
	--cache-dir "$WSLX_BUILD/mypy" tools/wslx tests/unit
check "mypy --strict: tools/wslx-cli" /usr/bin/python3 -m mypy --cache-dir "$WSLX_BUILD/mypy" \
	--scripts-are-modules tools/wslx-cli
check "flake8: the harness and its unit tests" flake8 "${py[@]}"
