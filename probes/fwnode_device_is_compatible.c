// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_FWNODE_DEVICE_IS_COMPATIBLE
 * kind: compile
 * group: platform
 * since: 6.3 (fwnode_device_is_compatible())
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: a compatible check that works for OF and ACPI nodes
 */
#include <linux/property.h>

bool wslx_probe(const struct fwnode_handle *fwnode)
{
	return fwnode_device_is_compatible(fwnode, "wslx,probe");
}
