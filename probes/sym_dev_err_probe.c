// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEV_ERR_PROBE
 * kind: symbol
 * symbol: dev_err_probe
 * group: char/misc
 * since: 5.9 (dev_err_probe())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: probe error paths that stay quiet on -EPROBE_DEFER
 */
