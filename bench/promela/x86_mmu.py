"""The MMU agents of models/x86.ptm in Promela, shared by the twins: fill, evict, user_read and
user_write per CPU and page, each one atomic step, as ptecheck fires each rule instance."""


def hardware(cpus, pages, user, pte, tlb):
    """The lines of the `hardware` proctype.

    user(c): the Promela condition, ending in ' && ', under which CPU c runs user code (where
    in_kernel(c) is false), or '' where it always does.
    pte: PTE bits P (present), W (write), D (dirty), A (accessed), and F (pfn) if kept.
    tlb: TLB entry bits V (valid), W, D, and F if kept; 0 is none.
    """
    P, W, D, A = pte["P"], pte["W"], pte["D"], pte["A"]
    fields = [(pte[k], tlb[k]) for k in ("F", "W", "D") if k in pte and k in tlb]
    lines = ["active proctype hardware() {", "  do"]
    w = lines.append
    for c in range(cpus):
        guard = user(c)
        for p in range(pages):
            t = f"tlb[{c * pages + p}]"
            copy = " | ".join(f"((pt[{p}] & {pb}) -> {tb} : 0)" for pb, tb in fields)
            w(f"  :: atomic {{ (pt[{p}] & {P}) && {t} == 0 -> pt[{p}] = pt[{p}] | {A};")
            w(f"       {t} = {tlb['V']} | {copy} }}")
            w(f"  :: atomic {{ {t} != 0 -> {t} = 0 }}")
            w(f"  :: atomic {{ {guard}{t} != 0 -> skip }}")
            w(f"  :: atomic {{ {guard}{t} != 0 && ({t} & {tlb['W']}) ->")
            w(f"       if")
            w(f"       :: ({t} & {tlb['D']}) -> written[{p}] = 1")
            w(f"       :: else -> if")
            w(f"                  :: (pt[{p}] & {P}) -> pt[{p}] = pt[{p}] | {D}; {t} = {t} | {tlb['D']}; written[{p}] = 1")
            w(f"                  :: else -> {t} = 0")
            w(f"                  fi")
            w(f"       fi }}")
    w("  od")
    w("}")
    return lines
