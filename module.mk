# SPDX-License-Identifier: GPL-2.0-only
#
# The module's identity: the one file every part of wslx reads (Kbuild, the
# Makefile, the lane scripts, packaging). To adopt wslx for your own module,
# replace src/ and edit this file; nothing else repeats these values.
#
# Format: one "NAME := value" per line, no make functions, so that the
# shell DKMS ships can read it too (packaging/dkms/shipped/lib.sh); the
# harness checks every key (tools/wslx/identity.py): a misspelled one is
# an error naming the line.

# Name of the .ko (without .ko) and of its Kconfig symbol (CONFIG_<KCONFIG>).
MODULE_NAME := wslx_ring
MODULE_KCONFIG := WSLX_RING

# Version, also exported as MODULE_VERSION() and used by DKMS/deb/rpm.
MODULE_VERSION := 0.1.0

# For the packages (deb, rpm): a one-line summary and who maintains them.
MODULE_SUMMARY := byte ring buffer behind a misc character device (wslx example driver)
MODULE_MAINTAINER := wslx developers <maintainers@wslx.invalid>

# Sources, relative to this file. Every .c here is linked into one .ko.
MODULE_SOURCES := src/ring_main.c src/ring_buffer.c src/ring_dev.c src/ring_sysfs.c src/ring_debugfs.c src/ring_timer.c src/ring_class.c

# Supported kernel range (inclusive, major.minor). Outside it a build is
# refused up front (DKMS treats it as a skip).
KERNEL_MIN := 5.10
KERNEL_MAX := 7.2

# Lane used by "make smoke" when no LANE= or KDIR= is given.
DEFAULT_LANE := debian-6.1

# Optional policy keys (uncomment to use):
# Compiler warnings fail the build (error, the default); "allow" lets them
# through, counted on the terminal and in each run's record.
#WARNINGS := allow
# Module parameters for the smoke load in QEMU ("make smoke PARAMS=..."
# overrides them), read back from sysfs by modcheck.
#MODULE_PARAMS := ring_size=8192
# Kernel options the module needs (=y or =m): a lane whose kernel lacks one
# is skipped with the reason, a build for it is refused, and DKMS gets
# BUILD_EXCLUSIVE_CONFIG (so do the deb and rpm, which carry dkms.conf).
#REQUIRED_CONFIG := CONFIG_VIDEO_DEV
# A prefix for the generated HAVE_* macros (MYDRV_HAVE_...), where the
# module defines HAVE_* macros of its own; a clash is an error naming both.
#PROBE_PREFIX := MYDRV_
# In-kernel modules to load before this one in the guest, where no symbol
# or MODULE_SOFTDEP says so (modcheck smoke --preload).
#MODULE_PRELOAD := crc7
# The module's own compiler flags, added in Kbuild ($(wslx-dir) is this
# folder): include folders of its own, -D switches.
#MODULE_CFLAGS := -I$(wslx-dir)/src/include
