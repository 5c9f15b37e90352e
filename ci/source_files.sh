#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# source_files.sh linux-source-X.Y PATH... | --tarball linux-source-X.Y:
# files from Debian's kernel source package (cached, checked on use), or
# its whole tarball. Wrapper over tools/wslx-cli source-files.
set -euo pipefail
exec "$(dirname "$0")/../tools/wslx-cli" source-files "$@"
