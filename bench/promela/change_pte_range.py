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

import mprotect
import x86_mmu

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
out.extend(x86_mmu.hardware(cpus, pages, lambda c: "kdone == 1 && " if c == 0 else "",
                            {"P": P, "W": W, "D": D, "A": A, "F": F}, {"V": V, "F": TF, "W": TW, "D": TD}))
w("")
out.extend(mprotect.at_end_monitor(cpus, pages, "kdone == 1", {"D": D, "W": W}, {"W": TW}))
w("")
print("\n".join(out))
