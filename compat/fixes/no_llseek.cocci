// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_NO_LLSEEK
// fixes: no_llseek
// shim: wslx_no_llseek in compat/compat.h
// what: no_llseek becomes wslx_no_llseek (NULL where no_llseek is gone)
@@
@@
- no_llseek
+ wslx_no_llseek
