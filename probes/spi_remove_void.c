// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SPI_REMOVE_VOID
 * kind: compile
 * since: 5.18 (spi_driver.remove returns void)
 * why: the int-returning remove callback no longer builds
 */
#include <linux/spi/spi.h>

static void wslx_probe_remove(struct spi_device *spi)
{
}

struct spi_driver wslx_probe_driver = {
	.remove = wslx_probe_remove,
};
