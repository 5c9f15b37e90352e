// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DEVM_PLATFORM_IOREMAP_RESOURCE
 * kind: symbol
 * symbol: devm_platform_ioremap_resource
 * group: platform
 * since: 5.1
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: one call for platform_get_resource() plus devm_ioremap_resource()
 */
