// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_USB_CHECK_BULK_ENDPOINTS
 * kind: compile
 * group: USB
 * since: 6.4 (usb_check_bulk_endpoints())
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: a probe validates the endpoints it expects in one call
 */
#include <linux/usb.h>

bool wslx_probe(const struct usb_interface *intf, const u8 *eps)
{
	return usb_check_bulk_endpoints(intf, eps);
}
