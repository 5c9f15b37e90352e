// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEV_ERR_PROBE
 * kind: symbol
 * symbol: dev_err_probe
 * since: 5.9 (dev_err_probe())
 * why: probe error paths that stay quiet on -EPROBE_DEFER
 */
