// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DRM_DRIVER_DATE
 * kind: compile
 * group: DRM
 * since: removed in 6.14 (drm_driver.date)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=no
 * why: old DRM drivers fill in a date string
 */
#include <drm/drm_drv.h>

const struct drm_driver wslx_probe_driver = {
	.date = "20260101",
};
