// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_SPI_REMOVE_VOID
 * kind: compile
 * group: platform
 * since: 5.18 (spi_driver.remove returns void)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: the int-returning remove callback no longer builds
 */
#include <linux/spi/spi.h>

static void wslx_probe_remove(struct spi_device *spi)
{
}

struct spi_driver wslx_probe_driver = {
	.remove = wslx_probe_remove,
};
