// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_I2C_PROBE_ONE_ARG
 * kind: compile
 * group: platform
 * since: 6.3 (i2c_driver.probe lost its i2c_device_id argument)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: i2c drivers used .probe_new for the one-argument form before 6.3
 */
#include <linux/i2c.h>

static int wslx_probe_probe(struct i2c_client *client)
{
	return 0;
}

struct i2c_driver wslx_probe_driver = {
	.probe = wslx_probe_probe,
};
