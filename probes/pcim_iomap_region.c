// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PCIM_IOMAP_REGION
 * kind: compile
 * group: PCI
 * since: 6.11 (pcim_iomap_region(); pcim_iomap_table() deprecated)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: managed BAR mapping without the iomap table
 */
#include <linux/pci.h>

void __iomem *wslx_probe(struct pci_dev *pdev)
{
	return pcim_iomap_region(pdev, 0, "wslx_probe");
}
