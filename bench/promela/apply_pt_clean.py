#!/usr/bin/env python3
"""Writes specs/apply_pt_clean/apply_pt_clean.ptm (the S5 spec) in Promela, for SPIN.

Usage: apply_pt_clean.py CPUS PAGES [VARIANT] > model.pml
VARIANT is merged (the default, the benchmark row), deferred (must fail) or under_ptl.

Same protocol, same atomicity: one Promela transition per ptecheck transition group, so SPIN
and ptecheck (--no-por --no-symmetry --store exact) find the same number of distinct states.
- pt[p], a PTE: bits present(1) write(2) dirty(4) accessed(8). The pfn is always 0 and the
  swap-entry fields of models/x86.ptm are never set here, so they are left out.
- tlb[c*PAGES+p], a TLB entry: bits valid(1) write(2) dirty(4); 0 is none (pfn always 0).
- ptl holds its owner (0 free, 1 cleaner, 2 writeback), as ptecheck's lock slot does.
- pending is mm->tlb_flush_pending (0..3 in x86.ptm; it never goes above 1 here).
- cleaner (CPU 0) and writeback (CPU 1) are the two kernel processes, unrolled over the pages
  as ptecheck unrolls `for p in PAGE`. Their locals (one 'old' each, shared by every
  iteration, as ptecheck has one slot per `var` statement) are kept after use.
  Every `if` on the state is a step of its own (the test), as in ptecheck; a condition on
  VARIANT is folded at generation time, as ptecheck folds constants.
- Hardware (models/x86.ptm): fill, evict, user_read, user_write per CPU and page, each one
  atomic step; user accesses only on CPUs not running a kernel process that has not finished
  (in_kernel(c): CPU 0 until the cleaner ends, CPU 1 until the writeback ends).
- The at-end check write_not_lost is asserted by a monitor that can only move in a violating
  state once both kernel processes have finished, so it adds no states. It also keeps
  written[] read: SPIN drops a variable that is only ever written from the state vector, and
  would then find fewer states than ptecheck.
"""
import sys

import x86_mmu

cpus, pages = int(sys.argv[1]), int(sys.argv[2])
variant = sys.argv[3] if len(sys.argv) > 3 else "merged"
if variant not in ("deferred", "under_ptl", "merged"):
    sys.exit(f"apply_pt_clean.py: unknown VARIANT {variant}")
P, W, D, A = 1, 2, 4, 8                 # pte bits
V, TW, TD = 1, 2, 4                     # tlb bits

out = []
w = out.append


def flush(first, last):
    """flush_tlb_range(first, last): one atomic invalidation of every CPU's entries."""
    return "; ".join(f"tlb[{c * pages + p}] = 0" for p in range(first, last + 1) for c in range(cpus))


w(f"/* apply_pt_clean, VARIANT={variant}, CPUS={cpus}, PAGES={pages} */")
w(f"byte pt[{pages}] = {P | W};   /* present, writable, clean */")
w(f"byte tlb[{cpus * pages}];")
w(f"bit written[{pages}];")
w(f"bit bitmap[{pages}];")
w("byte ptl;        /* 0 free, 1 cleaner, 2 writeback */")
w("byte pending;    /* mm->tlb_flush_pending */")
w("bit cdone;       /* cleaner finished: in_kernel(0) is false */")
w("bit wdone;       /* writeback finished: in_kernel(1) is false */")
w("")

# The cleaner, clean_record_shared_mapping_range() over the pages, on CPU 0.
w("active proctype cleaner() {")
w("  byte old;")
steps = []
if variant == "merged":
    steps.append("atomic { pending = pending + 1 }")                # inc_tlb_flush_pending
steps.append("atomic { ptl == 0 -> ptl = 1 }")                      # lock ptl
for s in steps:
    w(f"  {s};")
for p in range(pages):
    w("  if")
    w(f"  :: (pt[{p}] & {D}) ->")
    w(f"     atomic {{ old = pt[{p}]; pt[{p}] = 0 }};")             # ptep_modify_prot_start
    w(f"     pt[{p}] = old & ~{D};")                                # ptep_modify_prot_commit
    w(f"     bitmap[{p}] = 1")
    w("  :: else")
    w("  fi;")
tail = []
if variant == "under_ptl":
    tail.append(f"atomic {{ {flush(0, pages - 1)} }}")
tail.append("ptl = 0")                                              # unlock ptl
if variant != "under_ptl":
    tail.append(f"atomic {{ {flush(0, pages - 1)} }}")
if variant == "merged":
    tail.append("atomic { pending = pending - 1 }")                 # dec_tlb_flush_pending
# The process's last step also records that it has finished (a function of its pc: no states).
tail[-1] = "atomic { " + tail[-1].removeprefix("atomic { ").removesuffix(" }") + "; cdone = 1 }"
for s in tail:
    w(f"  {s};")
w("}")
w("")

# The writeback, one page at a time under the PTE lock, on CPU 1.
w("active proctype writeback() {")
w("  byte old;")
for p in range(pages):
    w("  atomic { ptl == 0 -> ptl = 2 };")                          # lock ptl
    if variant == "merged":
        w("  if")                                                   # mm_tlb_flush_pending()
        w(f"  :: pending > 0 -> atomic {{ {flush(p, p)} }}")
        w("  :: else")
        w("  fi;")
    w("  if")
    w(f"  :: (pt[{p}] & {D}) ->")
    w(f"     atomic {{ old = pt[{p}]; pt[{p}] = 0 }};")             # ptep_get_and_clear
    w(f"     atomic {{ {flush(p, p)} }};")
    w(f"     pt[{p}] = old & ~{D};")                                # set_pte
    w(f"     bitmap[{p}] = 1")                                      # set_page_dirty
    w("  :: else")
    w("  fi;")
    w(f"  atomic {{ if :: bitmap[{p}] -> bitmap[{p}] = 0; written[{p}] = 0 :: else fi }};")  # take the page
    if p == pages - 1:
        w("  atomic { ptl = 0; wdone = 1 }")                        # unlock ptl, finished
    else:
        w("  ptl = 0;")                                             # unlock ptl
w("}")
w("")

# The MMU agents of models/x86.ptm.
out.extend(x86_mmu.hardware(cpus, pages,
                            lambda c: "cdone == 1 && " if c == 0 else "wdone == 1 && " if c == 1 else "",
                            {"P": P, "W": W, "D": D, "A": A}, {"V": V, "W": TW, "D": TD}))
w("")

# at end write_not_lost: forall p in PAGE: written[p] implies pt[p].dirty or bitmap[p]
conds = [f"(!written[{p}] || (pt[{p}] & {D}) || bitmap[{p}])" for p in range(pages)]
w("active proctype monitor() {")
w(f"  atomic {{ cdone == 1 && wdone == 1 && !({' && '.join(conds)}) -> assert(false) }}")
w("}")
w("")
print("\n".join(out))
