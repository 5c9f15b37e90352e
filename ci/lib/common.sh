# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers of the harness's remaining shell scripts: those the DKMS-shipped
# scripts share (one-line errors, progress lines, the module identity, the
# kernel a tree is for; packaging/dkms/shipped/lib.sh), and need_cmd.
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../packaging/dkms/shipped/lib.sh"

# need_cmd CMD PACKAGE: fail with the package to install when CMD is absent.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "$1 not found: install the Debian package $2 (or run: make deps)"
}
