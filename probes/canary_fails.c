// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: WSLX_CANARY_FAILS
 * kind: canary-no
 * group: toolchain
 * since: never
 * expect: 5.10=no 6.1=no 6.12=no 7.2=no
 * why: must fail on every kernel; "yes" means errors are not being detected
 */
#include <linux/module.h>

int wslx_probe(void)
{
	return wslx_no_such_function_in_any_kernel(42);
}
