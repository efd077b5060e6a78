#!/usr/bin/env python3
"""Writes specs/xen_modify_prot/change_pte_range.ptm (the S1 spec, models/xen.ptm) in Promela.

Usage: xen_change_pte_range.py CPUS PAGES [VARIANT [MC_BATCH]] > model.pml
VARIANT is preserve_ad (the default, the benchmark row), normal_update (must fail
dirty_not_lost) or unlock_before_leave (must fail committed_before_unlock); MC_BATCH is 2 by
default, as in models/xen.ptm.

Same protocol, same atomicity: one Promela transition per ptecheck transition group, so SPIN
and ptecheck (--no-por --no-symmetry --store exact) find the same number of distinct states.
- pt[p], a PTE: bits present(1) write(2) dirty(4) accessed(8). The pfn is always 0 and the
  swap-entry fields of models/x86.ptm are never set here, so they are left out.
- tlb[c*PAGES+p], a TLB entry: bits valid(1) write(2) dirty(4); 0 is none (pfn always 0).
- ptl is ptl[0] (one PTE page), holding 0 (free) or 1 (mprotect). frame[0] stays pinned and
  is left out.
- The multicall buffer of CPU 0, the only CPU that queues (the other CPUs' buffers never
  change, so they are left out): per slot the entry's op (0 mc_none, 1 mmu_normal_pt_update,
  2 mmu_pt_update_preserve_ad), page and value; table is always 0 and left out. mc_len,
  mc_cb_len and lazy as in models/xen.ptm. This spec queues no callback, so mc_cb_len stays 0,
  but xen.ptm's mc_flush still tests it, so the test is here as a step.
- mprotect (CPU 0) is the kernel process with every procedure of models/xen.ptm inlined as
  ptecheck inlines it: each statement a step, each `if` on the state a step of its own (its
  test), each `for` unrolled, each `atomic` one step. Its local 'old' (one slot for every
  page) is kept after use, as ptecheck keeps mprotect.old.
- Hardware (models/x86.ptm): fill, evict, user_read, user_write per CPU and page, each one
  atomic step; user accesses on CPU 0 only once mprotect has finished (in_kernel(0)).
- The at-end checks dirty_not_lost and write_protected are asserted by a monitor that can
  only move in a violating state once mprotect has finished, so it adds no states.
  committed_before_unlock is an assert inside the unlock step, as in xen.ptm. The monitor
  also keeps written[] read: SPIN drops a variable that is only ever written from the state
  vector, and would then find fewer states than ptecheck.
"""
import sys

import mprotect
import x86_mmu

cpus, pages = int(sys.argv[1]), int(sys.argv[2])
variant = sys.argv[3] if len(sys.argv) > 3 else "preserve_ad"
batch = int(sys.argv[4]) if len(sys.argv) > 4 else 2
if variant not in ("preserve_ad", "normal_update", "unlock_before_leave"):
    sys.exit(f"xen_change_pte_range.py: unknown VARIANT {variant}")
P, W, D, A = 1, 2, 4, 8                 # pte bits
V, TW, TD = 1, 2, 4                     # tlb bits
NONE, NORMAL, PRESERVE = 0, 1, 2        # mc_op values used here

out = []
w = out.append
body = []                               # mprotect's statements, one per step


def step(s):
    body.append(s)


def cond(test, then):
    """`if test { then }` in a kernel process: the test is a step, then the branch's steps."""
    step(("if", test, then))


def mmu_update(preserve_ad, p, val):
    """xen_mmu_update(): the hypervisor's PTE write (inside a step)."""
    if preserve_ad:
        return f"pt[{p}] = ({val}) | (pt[{p}] & {A | D})"
    return f"pt[{p}] = {val}"


def mc_exec(i):
    """xen_mc_exec(mc[0][i]) then the slot is emptied (inside a step). The page is read from
    the slot, so the update goes through an if over the pages."""
    alts = []
    for p in range(pages):
        alts.append(f":: mc_op[{i}] == {NORMAL} && mc_page[{i}] == {p} -> {mmu_update(False, p, f'mc_val[{i}]')}")
        alts.append(f":: mc_op[{i}] == {PRESERVE} && mc_page[{i}] == {p} -> {mmu_update(True, p, f'mc_val[{i}]')}")
    alts.append(":: else")
    return f"if {' '.join(alts)} fi; mc_op[{i}] = 0; mc_page[{i}] = 0; mc_val[{i}] = 0"


def mc_flush():
    """mc_flush(0): one step per slot, then the callback test and one step per callback slot."""
    for i in range(batch):
        reset = "; mc_len = 0" if i == batch - 1 else ""
        step(f"atomic {{ if :: {i} < mc_len -> {mc_exec(i)} :: else fi{reset} }}")
    cbs = []
    for j in range(batch):
        reset = "; mc_cb_len = 0" if j == batch - 1 else ""
        # a callback is a PTE unlock of ptl[0]: committed_before_unlock, then unlock
        cbs.append(f"atomic {{ if :: {j} < mc_cb_len -> assert({pending_none()}); ptl = 0 :: else fi{reset} }}")
    cond("mc_cb_len > 0", cbs)


def pending_none():
    """forall i in MC_SLOT: not mc_pending_for(mc[0][i], 0): every op here is a PTE op of table 0."""
    return " && ".join(f"mc_op[{i}] == 0" for i in range(batch))


def steps_of(emit_steps):
    """The steps that emit_steps() adds to the body, taken out of it (for a branch of a cond)."""
    saved = body[:]
    body.clear()
    emit_steps()
    emitted = body[:]
    body.clear()
    body.extend(saved)
    return emitted


def mc_queue(op, p, val):
    """mc_make_room(0), then mc_append(0, ...)."""
    cond(f"mc_len == {batch}", steps_of(mc_flush))
    # mc[c][mc_len[c]] = {...}, with the index spelled out (a full batch is an index out of
    # range in ptecheck, an assertion here; mc_make_room makes it unreachable)
    slots = " ".join(f":: mc_len == {i} -> mc_op[{i}] = {op}; mc_page[{i}] = {p}; mc_val[{i}] = {val}"
                     for i in range(batch))
    step(f"atomic {{ if {slots} :: else -> assert(false) fi; mc_len = mc_len + 1 }}")


def mc_issue():
    """mc_issue(0): outside lazy MMU mode the batch is issued at once."""
    cond("!lazy", steps_of(mc_flush))


# mprotect on CPU 0.
step("atomic { ptl == 0 -> ptl = 1 }")                              # lock ptl[0]
step("lazy = 1")                                                    # arch_enter_lazy_mmu_mode()
for p in range(pages):
    step(f"atomic {{ old = pt[{p}] }}")                             # xen_ptep_modify_prot_start
    val = f"(old & ~{W})"                                           # old with { write: false }
    if variant == "normal_update":
        # xen_set_pte(p, val) -> set_pte_on(0, p, val): if lazy_mmu[c] { queue; issue } else { update }
        saved = body[:]
        body.clear()
        mc_queue(NORMAL, p, val)
        mc_issue()
        lazy_steps = body[:]
        body.clear()
        body.extend(saved)
        step(("ifelse", "lazy", lazy_steps, [f"atomic {{ {mmu_update(False, p, val)} }}"]))
    else:
        mc_queue(PRESERVE, p, val)                                  # xen_ptep_modify_prot_commit
        mc_issue()
unlock = f"atomic {{ assert({pending_none()}); ptl = 0 }}"          # xen_pte_unlock(0)
if variant == "unlock_before_leave":
    step(unlock)
    mc_flush()                                                      # arch_leave_lazy_mmu_mode()
    step("lazy = 0")
else:
    mc_flush()                                                      # arch_leave_lazy_mmu_mode()
    step("lazy = 0")
    step(unlock)
flush = "; ".join(f"tlb[{i}] = 0" for i in range(cpus * pages))
step(f"atomic {{ {flush}; kdone = 1 }}")                            # xen_flush_tlb_all(); finished


def emit(stmts, indent):
    pad = "  " * indent
    for s in stmts:
        if isinstance(s, tuple) and s[0] == "if":
            _, test, then = s
            w(f"{pad}if")
            if then:
                w(f"{pad}:: {test} ->")
                emit(then, indent + 2)
            else:
                w(f"{pad}:: {test}")
            w(f"{pad}:: else")
            w(f"{pad}fi;")
        elif isinstance(s, tuple) and s[0] == "ifelse":
            _, test, then, other = s
            w(f"{pad}if")
            w(f"{pad}:: {test} ->")
            emit(then, indent + 2)
            w(f"{pad}:: else ->")
            emit(other, indent + 2)
            w(f"{pad}fi;")
        else:
            w(f"{pad}{s};")


w(f"/* xen_modify_prot/change_pte_range, VARIANT={variant}, CPUS={cpus}, PAGES={pages}, MC_BATCH={batch} */")
w(f"byte pt[{pages}] = {P | W};   /* present, writable, clean */")
w(f"byte tlb[{cpus * pages}];")
w(f"bit written[{pages}];")
w("bit ptl;             /* ptl[0]: 0 free, 1 held by mprotect */")
w(f"byte mc_op[{batch}];    /* CPU 0's multicall entries */")
w(f"byte mc_page[{batch}];")
w(f"byte mc_val[{batch}];")
w("byte mc_len;")
w("byte mc_cb_len;")
w("bit lazy;            /* lazy_mmu[0] */")
w("bit kdone;           /* mprotect finished: in_kernel(0) is false */")
w("")
w("active proctype mprotect() {")
w("  byte old;")
emit(body, 1)
w("}")
w("")

out.extend(x86_mmu.hardware(cpus, pages, lambda c: "kdone == 1 && " if c == 0 else "",
                            {"P": P, "W": W, "D": D, "A": A}, {"V": V, "W": TW, "D": TD}))
w("")

out.extend(mprotect.at_end_monitor(cpus, pages, "kdone == 1", {"D": D, "W": W}, {"W": TW}))
w("")
print("\n".join(out))
