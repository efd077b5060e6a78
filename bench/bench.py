#!/usr/bin/env python3
"""ptecheck benchmarks: distinct states, states/s, bytes/state, reductions, 1 vs all workers,
and the same protocol in Promela run with SPIN, side by side. Run through bench/run.

Timings are the best of --repeat runs (other work on the machine only ever slows a run down).
"""
import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PTECHECK = os.path.join(ROOT, "ptecheck")

# (spec, constants, SPIN model generator and its arguments, or None where there is no Promela twin)
# A spec is bench/specs/NAME.ptm, or specs/NAME.ptm of the repository. The specs run in their
# default variant (apply_pt_clean: merged, xen_modify_prot: preserve_ad), which the generators
# are told explicitly. bench/promela/compare.py checks that each twin has the spec's state space.
CASES = {
    "small": [
        ("change_pte_range", {"CPUS": "3", "PAGES": "2"}, ("change_pte_range.py", ["3", "2"])),
    ],
    "default": [
        ("change_pte_range", {"CPUS": "4", "PAGES": "2"}, ("change_pte_range.py", ["4", "2"])),
        ("change_pte_range", {"CPUS": "3", "PAGES": "3"}, ("change_pte_range.py", ["3", "3"])),
        ("apply_pt_clean/apply_pt_clean", {"CPUS": "4", "PAGES": "2"}, ("apply_pt_clean.py", ["4", "2", "merged"])),
        ("xen_modify_prot/change_pte_range", {"CPUS": "3", "PAGES": "2"},
         ("xen_change_pte_range.py", ["3", "2", "preserve_ad"])),
    ],
}

# Reduction ratios: every search option the same except partial-order and symmetry reduction,
# with the default checks (the progress check included: the reduction keeps it).
REDUCTIONS = {
    "small": [("change_pte_range", {"CPUS": "3", "PAGES": "2"})],
    "default": [
        ("change_pte_range", {"CPUS": "4", "PAGES": "2"}),
        ("apply_pt_clean/apply_pt_clean", {"CPUS": "4", "PAGES": "2"}),
        ("xen_modify_prot/change_pte_range", {"CPUS": "3", "PAGES": "2"}),
    ],
}


def ptecheck(spec, consts, *flags):
    """Runs ptecheck check --json and returns its summary."""
    path = os.path.join(HERE, "specs", spec + ".ptm")
    if not os.path.exists(path):
        path = os.path.join(ROOT, "specs", spec + ".ptm")
    cmd = [PTECHECK, "check", path, "--json", "--quiet"]
    for k, v in consts.items():
        cmd += ["-D", f"{k}={v}"]
    cmd += list(flags)
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout)


def best(repeat, run):
    """The run with the highest states/s among `repeat`."""
    runs = [run() for _ in range(repeat)]
    return max(runs, key=lambda r: r["states_per_second"])


def spin(generator, args, repeat, workdir):
    """Generates the Promela model, builds pan with -O2 -DSAFETY, runs it; best of `repeat`."""
    if shutil.which("spin") is None or shutil.which("gcc") is None:
        return None
    pml = os.path.join(workdir, "model.pml")
    with open(pml, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "promela", generator)] + args, stdout=f, check=True)
    subprocess.run(["spin", "-a", "model.pml"], cwd=workdir, check=True, capture_output=True)
    subprocess.run(["gcc", "-O2", "-DSAFETY", "-o", "pan", "pan.c"], cwd=workdir, check=True, capture_output=True)
    results = []
    for _ in range(repeat):
        out = subprocess.run(["./pan", "-m10000000", "-w26"], cwd=workdir, capture_output=True, text=True).stdout
        stored = int(re.search(r"(\d+) states, stored", out).group(1))
        seconds = float(re.search(r"elapsed time ([\d.e+-]+) seconds", out).group(1))
        errors = int(re.search(r"errors: (\d+)", out).group(1))
        memory = float(re.search(r"([\d.]+)\s+total actual memory usage", out).group(1))
        results.append({"distinct": stored, "seconds": seconds, "errors": errors,
                        "states_per_second": stored / max(seconds, 1e-3), "memory_mb": memory})
    return max(results, key=lambda r: r["states_per_second"])


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=sorted(CASES), default="default", help="which cases (default: default)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best is kept (default 2)")
    a = ap.parse_args()
    cores = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec, consts, twin in CASES[a.set]:
            label = spec + " " + " ".join(f"{k}={v}" for k, v in consts.items())
            print(f"bench: {label} ...", file=sys.stderr, flush=True)
            # The speed rows do the work pan -DSAFETY does: every state, its properties, no
            # progress check (SPIN has none; ptecheck's is timed separately below).
            same = ["--no-por", "--no-symmetry", "--no-deadlock"]
            one = best(a.repeat, lambda: ptecheck(spec, consts, "--workers", "1", *same, "--store", "exact"))
            alln = best(a.repeat, lambda: ptecheck(spec, consts, "--workers", str(cores), *same, "--store", "exact"))
            fp1 = best(a.repeat, lambda: ptecheck(spec, consts, "--workers", "1", *same, "--store", "fingerprint"))
            fpn = best(a.repeat, lambda: ptecheck(spec, consts, "--workers", str(cores), *same, "--store", "fingerprint"))
            progress = ptecheck(spec, consts, "--workers", str(cores), "--no-por", "--no-symmetry", "--store", "exact")
            por = ptecheck(spec, consts, "--workers", str(cores), "--store", "fingerprint", "--no-symmetry")
            s = spin(twin[0], twin[1], a.repeat, tmp) if twin else None
            rows.append((label, one, alln, fp1, fpn, progress, por, s))
        reductions = []
        for spec, consts in REDUCTIONS[a.set]:
            label = spec + " " + " ".join(f"{k}={v}" for k, v in consts.items())
            print(f"bench: reductions {label} ...", file=sys.stderr, flush=True)
            runs = [ptecheck(spec, consts, "--workers", str(cores), "--store", "fingerprint", *flags)
                    for flags in (["--no-por", "--no-symmetry"], ["--no-symmetry"], ["--no-por"], [])]
            reductions.append((label, runs))
    print(table(rows, cores))
    print()
    print(reduction_table(reductions))


def reduction_table(rows):
    lines = ["| spec (fingerprint store, default checks) | off | POR | symmetry | POR + symmetry |",
             "|---|---|---|---|---|"]
    for label, runs in rows:
        base = runs[0]["distinct_states"]
        cells = [f"{base:,} ({runs[0]['millis'] / 1000:.1f} s)"]
        for r in runs[1:]:
            cells.append(f"{r['distinct_states']:,} ({base / max(1, r['distinct_states']):.1f}x, {r['millis'] / 1000:.1f} s)")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table(rows, cores):
    lines = []
    lines.append(f"| spec | distinct states | exact, 1 worker | exact, {cores} workers | speed-up | "
                 f"fingerprint, 1 worker | fingerprint, {cores} workers | bytes/state exact / fingerprint | "
                 f"with progress check, {cores} workers | POR: states (ratio) | SPIN states | SPIN states/s | "
                 f"ptecheck/SPIN per core |")
    lines.append("|" + "---|" * 13)
    for label, one, alln, fp1, fpn, progress, por, s in rows:
        ratio = one["distinct_states"] / max(1, por["distinct_states"])
        spin_states = f"{s['distinct']:,}" if s else "(no spin)"
        spin_rate = f"{s['states_per_second']:,.0f}" if s else "-"
        per_core = f"{one['states_per_second'] / s['states_per_second']:.2f} exact, " \
                   f"{fp1['states_per_second'] / s['states_per_second']:.2f} fp" if s else "-"
        lines.append(
            f"| {label} | {one['distinct_states']:,} | {one['states_per_second']:,}/s | "
            f"{alln['states_per_second']:,}/s | {alln['states_per_second'] / one['states_per_second']:.2f}x | "
            f"{fp1['states_per_second']:,}/s | {fpn['states_per_second']:,}/s | "
            f"{one['bytes_per_state']:.1f} / {fp1['bytes_per_state']:.1f} | "
            f"{progress['millis'] / 1000:.1f} s (search alone {alln['millis'] / 1000:.1f} s) | "
            f"{por['distinct_states']:,} ({ratio:.2f}x) | {spin_states} | {spin_rate} | {per_core} |")
    return "\n".join(lines)


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{platform.node()}: {os.cpu_count()} cores ({model}), {java}, {platform.platform()}"


if __name__ == "__main__":
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} on {machine()}", flush=True)
    main()
