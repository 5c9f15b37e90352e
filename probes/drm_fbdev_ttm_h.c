// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_DRM_FBDEV_TTM_H
 * kind: compile
 * group: DRM
 * since: 6.11 (drm_fbdev_generic renamed drm_fbdev_ttm)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: TTM-based DRM drivers include drm_fbdev_ttm.h for their fbdev emulation
 */
#include <drm/drm_fbdev_ttm.h>

struct drm_device *wslx_probe_dev;
