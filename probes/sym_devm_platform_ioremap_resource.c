// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEVM_PLATFORM_IOREMAP_RESOURCE
 * kind: symbol
 * symbol: devm_platform_ioremap_resource
 * since: 5.1
 * why: one call for platform_get_resource() plus devm_ioremap_resource()
 */
