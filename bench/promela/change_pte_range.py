#!/usr/bin/env python3
"""Writes specs/mprotect/change_pte_range.ptm (IMPL=modify_prot) in Promela, for SPIN.

Usage: change_pte_range.py CPUS PAGES > model.pml

Same protocol, same atomicity: one Promela transition per ptecheck transition group.
- pt[p], a PTE: bits present(1) write(2) dirty(4) accessed(8) pfn(16).
- tlb[c*PAGES+p], a TLB entry: bits valid(1) pfn(2) write(4) dirty(8); 0 is none.
- The kernel (mprotect, on CPU 0) locks ptl, does ptep_modify_prot_start/commit per page,
  unlocks, flushes every TLB. Its local 'old' is kept, as ptecheck keeps mprotect.old.
- Hardware: fill, evict, user_read, user_write per CPU and page, each one atomic step; user
  accesses only on CPUs not running the kernel (in_kernel(0) until the kernel ends).
- The at-end checks are asserted by a monitor that can only move in a violating state, so it
  adds no states (ptecheck checks them in every state where the kernel has finished).
"""
import sys

cpus, pages = int(sys.argv[1]), int(sys.argv[2])
P, W, D, A, F = 1, 2, 4, 8, 16          # pte bits
V, TF, TW, TD = 1, 2, 4, 8              # tlb bits

out = []
w = out.append
w(f"/* change_pte_range, IMPL=modify_prot, CPUS={cpus}, PAGES={pages} */")
w(f"byte pt[{pages}] = {P | W};   /* present, writable */")
w(f"byte tlb[{cpus * pages}];")
w(f"bit written[{pages}];")
w("bit ptl;")
w("bit kdone;")
w("")
w("active proctype mprotect() {")
w("  byte old;")
w("  atomic { ptl == 0 -> ptl = 1 };")
for p in range(pages):
    w(f"  atomic {{ old = pt[{p}]; pt[{p}] = 0 }};")
    w(f"  pt[{p}] = old & ~{W};")
w("  ptl = 0;")
flush = "; ".join(f"tlb[{i}] = 0" for i in range(cpus * pages))
w(f"  atomic {{ {flush}; kdone = 1 }}")
w("}")
w("")
w("active proctype hardware() {")
w("  do")
for c in range(cpus):
    user = "kdone == 1 && " if c == 0 else ""
    for p in range(pages):
        t = f"tlb[{c * pages + p}]"
        w(f"  :: atomic {{ (pt[{p}] & {P}) && {t} == 0 -> pt[{p}] = pt[{p}] | {A};")
        w(f"       {t} = {V} | ((pt[{p}] & {F}) -> {TF} : 0) | ((pt[{p}] & {W}) -> {TW} : 0) | ((pt[{p}] & {D}) -> {TD} : 0) }}")
        w(f"  :: atomic {{ {t} != 0 -> {t} = 0 }}")
        w(f"  :: atomic {{ {user}{t} != 0 -> skip }}")
        w(f"  :: atomic {{ {user}{t} != 0 && ({t} & {TW}) ->")
        w(f"       if")
        w(f"       :: ({t} & {TD}) -> written[{p}] = 1")
        w(f"       :: else -> if")
        w(f"                  :: (pt[{p}] & {P}) -> pt[{p}] = pt[{p}] | {D}; {t} = {t} | {TD}; written[{p}] = 1")
        w(f"                  :: else -> {t} = 0")
        w(f"                  fi")
        w(f"       fi }}")
w("  od")
w("}")
w("")
conds = []
for p in range(pages):
    conds.append(f"(!written[{p}] || (pt[{p}] & {D}))")
    conds.append(f"!(pt[{p}] & {W})")
    for c in range(cpus):
        conds.append(f"!(tlb[{c * pages + p}] & {TW})")
w("active proctype monitor() {")
w(f"  atomic {{ kdone == 1 && !({' && '.join(conds)}) -> assert(false) }}")
w("}")
w("")
print("\n".join(out))
