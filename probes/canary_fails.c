// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: WSLX_CANARY_FAILS
 * kind: canary-no
 * since: never
 * why: must fail on every kernel; "yes" means errors are not being detected
 */
#include <linux/module.h>

int wslx_probe(void)
{
	return wslx_no_such_function_in_any_kernel(42);
}
