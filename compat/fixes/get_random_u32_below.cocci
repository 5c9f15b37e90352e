// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_GET_RANDOM_U32_BELOW
// fixes: prandom_u32_max get_random_u32_below
// shim: wslx_random_below() in compat/compat.h
// what: prandom_u32_max(n) and get_random_u32_below(n) become wslx_random_below(n)
@@
expression n;
@@
(
- prandom_u32_max(n)
+ wslx_random_below(n)
|
- get_random_u32_below(n)
+ wslx_random_below(n)
)
