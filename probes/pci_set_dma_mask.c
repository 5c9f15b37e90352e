// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PCI_SET_DMA_MASK
 * kind: compile
 * group: PCI
 * since: removed in 5.18 (pci-dma-compat.h removed; use dma_set_mask())
 * expect: 5.10=yes 6.1=no 6.12=no 7.2=no
 * why: old drivers set DMA masks through the PCI wrappers
 */
#include <linux/pci.h>

int wslx_probe(struct pci_dev *pdev)
{
	return pci_set_dma_mask(pdev, DMA_BIT_MASK(32));
}
