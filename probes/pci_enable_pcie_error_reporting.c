// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_PCI_ENABLE_PCIE_ERROR_REPORTING
 * kind: compile
 * group: PCI
 * since: removed in 6.5 (the PCI core enables AER itself)
 * expect: 5.10=yes 6.1=yes 6.12=no 7.2=no
 * why: old drivers call it in probe
 */
#include <linux/pci.h>
#include <linux/aer.h>

int wslx_probe(struct pci_dev *pdev)
{
	return pci_enable_pcie_error_reporting(pdev);
}
