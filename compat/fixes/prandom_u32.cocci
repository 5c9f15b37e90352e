// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_PRANDOM_U32
// fixes: prandom_u32
// shim: none (get_random_u32() is in every supported kernel)
// what: prandom_u32() becomes get_random_u32()
@@
@@
- prandom_u32()
+ get_random_u32()
