#!/usr/bin/env python3
"""Checks that each Promela twin has the same state space as its ptecheck spec: SPIN's
"states, stored" against ptecheck's distinct states (--no-por --no-symmetry --no-deadlock
--store exact), on passing configurations; on failing ones, that both report a violation (where a search
stops depends on its order: ptecheck's is breadth-first, pan's depth-first).

Usage: bench/promela/compare.py [--large]     (from the repository root, after the jar is built)
Exit 1 if a count differs.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# (spec, generator, extra generator arguments and the -D they stand for, sizes (CPUS, PAGES))
TWINS = [
    ("bench/specs/change_pte_range.ptm", "change_pte_range.py", [], [], [(2, 1), (3, 1), (2, 2), (3, 2)]),
    ("specs/apply_pt_clean/apply_pt_clean.ptm", "apply_pt_clean.py", ["merged"], ["VARIANT=merged"],
     [(2, 1), (3, 1), (4, 1), (2, 2), (3, 2)]),
    ("specs/apply_pt_clean/apply_pt_clean.ptm", "apply_pt_clean.py", ["under_ptl"], ["VARIANT=under_ptl"],
     [(2, 1), (3, 1), (4, 1), (2, 2), (3, 2)]),
    ("specs/apply_pt_clean/apply_pt_clean.ptm", "apply_pt_clean.py", ["deferred"], ["VARIANT=deferred"],
     [(2, 1), (2, 2)]),                                   # passes only without a user CPU
    ("specs/xen_modify_prot/change_pte_range.ptm", "xen_change_pte_range.py", ["preserve_ad"],
     ["VARIANT=preserve_ad"], [(2, 1), (3, 1), (4, 1), (2, 2), (3, 2), (2, 3)]),
    ("specs/xen_modify_prot/change_pte_range.ptm", "xen_change_pte_range.py", ["preserve_ad", "1"],
     ["VARIANT=preserve_ad", "MC_BATCH=1"], [(2, 2)]),
]
# Failing configurations: both must report a violation (the counts differ: search orders differ).
VIOLATIONS = [
    ("specs/apply_pt_clean/apply_pt_clean.ptm", "apply_pt_clean.py", ["deferred"], ["VARIANT=deferred"],
     [(3, 1), (4, 1), (3, 2)]),
    ("specs/xen_modify_prot/change_pte_range.ptm", "xen_change_pte_range.py", ["normal_update"],
     ["VARIANT=normal_update"], [(2, 1), (3, 2)]),
    ("specs/xen_modify_prot/change_pte_range.ptm", "xen_change_pte_range.py", ["unlock_before_leave"],
     ["VARIANT=unlock_before_leave"], [(2, 1), (3, 2)]),
]
LARGE = [
    ("specs/apply_pt_clean/apply_pt_clean.ptm", "apply_pt_clean.py", ["merged"], ["VARIANT=merged"], [(4, 2)]),
]


def ptecheck(spec, consts):
    cmd = [os.path.join(ROOT, "ptecheck"), "check", os.path.join(ROOT, spec), "--json", "--quiet",
           "--no-por", "--no-symmetry", "--no-deadlock", "--store", "exact"]
    for c in consts:
        cmd += ["-D", c]
    out = subprocess.run(cmd, capture_output=True, text=True)
    d = json.loads(out.stdout)
    return d["outcome"], d["distinct_states"]


def spin(generator, args, workdir):
    with open(os.path.join(workdir, "model.pml"), "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, generator)] + args, stdout=f, check=True)
    subprocess.run(["spin", "-a", "model.pml"], cwd=workdir, check=True, capture_output=True)
    subprocess.run(["gcc", "-O2", "-DSAFETY", "-o", "pan", "pan.c"], cwd=workdir, check=True, capture_output=True)
    out = subprocess.run(["./pan", "-m10000000", "-w26"], cwd=workdir, capture_output=True, text=True).stdout
    errors = int(re.search(r"errors: (\d+)", out).group(1))
    return ("violation" if errors else "pass"), int(re.search(r"(\d+) states, stored", out).group(1))


def main():
    twins = TWINS + (LARGE if "--large" in sys.argv else [])
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for failing, cases in ((False, twins), (True, VIOLATIONS)):
            for spec, gen, gargs, consts, sizes in cases:
                for cpus, pages in sizes:
                    cs = [f"CPUS={cpus}", f"PAGES={pages}"] + consts
                    p = ptecheck(spec, cs)
                    s = spin(gen, [str(cpus), str(pages)] + gargs, tmp)
                    ok = p[0] == s[0] == "violation" if failing else p == s
                    bad += not ok
                    print(f"{'ok  ' if ok else 'DIFF'} {spec} {' '.join(cs)}: ptecheck {p[0]} {p[1]:,}, "
                          f"SPIN {s[0]} {s[1]:,}", flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
