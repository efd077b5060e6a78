"""The at-end checks of the mprotect specs (dirty_not_lost and write_protected) as a Promela
monitor, shared by the change_pte_range twins (native and Xen)."""


def at_end_monitor(cpus, pages, done, pte, tlb):
    """A monitor that can only move in a violating state once `done` holds, so it adds no
    states (ptecheck checks at-end properties in every state where the kernel has finished).

    at end dirty_not_lost: forall p in PAGE: written[p] implies pt[p].dirty
    at end write_protected: forall p in PAGE: not pt[p].write and
        (forall c in CPU: tlb[c][p] == none or not tlb[c][p].write)
    """
    conds = []
    for p in range(pages):
        conds.append(f"(!written[{p}] || (pt[{p}] & {pte['D']}))")
        conds.append(f"!(pt[{p}] & {pte['W']})")
        for c in range(cpus):
            conds.append(f"!(tlb[{c * pages + p}] & {tlb['W']})")
    return ["active proctype monitor() {",
            f"  atomic {{ {done} && !({' && '.join(conds)}) -> assert(false) }}",
            "}"]
