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
import resource
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
    "million": [
        ("change_pte_range", {"CPUS": "4", "PAGES": "2"}, ("change_pte_range.py", ["4", "2"])),
    ],
    "small": [
        ("change_pte_range", {"CPUS": "3", "PAGES": "2"}, ("change_pte_range.py", ["3", "2"])),
    ],
    # issue 15's targets: the three SPIN twins over a million states.
    "targets": [
        ("change_pte_range", {"CPUS": "4", "PAGES": "2"}, ("change_pte_range.py", ["4", "2"])),
        ("apply_pt_clean/apply_pt_clean", {"CPUS": "4", "PAGES": "2"}, ("apply_pt_clean.py", ["4", "2", "merged"])),
        ("change_pte_range", {"CPUS": "3", "PAGES": "3"}, ("change_pte_range.py", ["3", "3"])),
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
    "targets": [
        ("change_pte_range", {"CPUS": "4", "PAGES": "2"}),
        ("apply_pt_clean/apply_pt_clean", {"CPUS": "4", "PAGES": "2"}),
    ],
    "million": [("change_pte_range", {"CPUS": "4", "PAGES": "2"})],
    "small": [("change_pte_range", {"CPUS": "3", "PAGES": "2"})],
    "default": [
        ("change_pte_range", {"CPUS": "4", "PAGES": "2"}),
        ("apply_pt_clean/apply_pt_clean", {"CPUS": "4", "PAGES": "2"}),
        ("xen_modify_prot/change_pte_range", {"CPUS": "3", "PAGES": "2"}),
    ],
}


def cpu_seconds(cmd, **kw):
    """Runs cmd (subprocess.run arguments) and returns (result, CPU seconds of the child, user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, **kw)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ptecheck(spec, consts, *flags):
    """Runs ptecheck check --json and returns its summary, with the process's CPU seconds
    ("cpu_seconds": JVM start-up, spec compilation, JIT and GC threads included) and distinct
    states per CPU-second."""
    path = os.path.join(HERE, "specs", spec + ".ptm")
    if not os.path.exists(path):
        path = os.path.join(ROOT, "specs", spec + ".ptm")
    cmd = [PTECHECK, "check", path, "--json", "--quiet"]
    for k, v in consts.items():
        cmd += ["-D", f"{k}={v}"]
    cmd += list(flags)
    out, cpu = cpu_seconds(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    r = json.loads(out.stdout)
    r["cpu_seconds"] = cpu
    r["states_per_cpu_second"] = r["distinct_states"] / max(cpu, 1e-3)
    return r


def profile(spec, consts, flags, top=12):
    """The hottest methods of one run (exact store, one worker) by JFR execution samples: each
    sample counts for the method on top of its stack (inlined methods count for themselves)."""
    if shutil.which("jfr") is None:
        return None
    path = os.path.join(HERE, "specs", spec + ".ptm")
    if not os.path.exists(path):
        path = os.path.join(ROOT, "specs", spec + ".ptm")
    with tempfile.TemporaryDirectory() as tmp:
        rec = os.path.join(tmp, "run.jfr")
        # The launcher's options (JAVA_OPTS replaces them), with the recording added.
        env = dict(os.environ, JAVA_OPTS=f"-Xss16m {huge_pages()}-XX:CompileThresholdScaling=5 -XX:StartFlightRecording=filename={rec},settings=profile")
        cmd = [PTECHECK, "check", path, "--quiet", "--workers", "1", "--store", "exact"] + list(flags)
        for k, v in consts.items():
            cmd += ["-D", f"{k}={v}"]
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", rec], capture_output=True,
                             text=True).stdout
    counts = {}
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if "stackTrace = [" in line and i + 1 < len(lines):
            frame = re.sub(r"\s+line:.*", "", lines[i + 1].strip())
            frame = re.sub(r"\(.*\)", "()", frame)
            counts[frame] = counts.get(frame, 0) + 1
    total = sum(counts.values())
    if not total:
        return None
    label = spec + " " + " ".join(f"{k}={v}" for k, v in consts.items())
    rows = [f"Profile: `ptecheck check {label} --workers 1 --store exact {' '.join(flags)}` under JFR "
            f"(`settings=profile`), {total} execution samples, top of stack:", "",
            "| method | samples | share |", "|---|---|---|"]
    for frame, n in sorted(counts.items(), key=lambda kv: -kv[1])[:top]:
        name = frame.replace("ptecheck.", "").replace("$", ".")
        rows.append(f"| `{name}` | {n} | {100 * n / total:.0f}% |")
    return "\n".join(rows)


def huge_pages():
    """The option ./ptecheck adds where the kernel offers transparent huge pages, or nothing."""
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            return "-XX:+UseTransparentHugePages " if re.search(r"\[(always|madvise)\]", f.read()) else ""
    except OSError:
        return ""


def best(repeat, run):
    """The run with the fewest CPU seconds among `repeat`, with "fastest_states_per_second", the
    best search rate (distinct states over the search's elapsed time) of any of them: what the
    workers speed-up compares. Picking the 2-worker run by CPU seconds, as it did until 12-06,
    picks the run with the least parallel overhead, not the fastest one, and understates the
    speed-up."""
    runs = [run() for _ in range(repeat)]
    chosen = dict(max(runs, key=lambda r: r["states_per_cpu_second"]))
    chosen["fastest_states_per_second"] = max(r["states_per_second"] for r in runs)
    return chosen


def spin(generator, args, repeat, workdir):
    """Generates the Promela model, builds pan with -O2 -DSAFETY, runs it; best of `repeat`.

    pan is given the flags a SPIN user would pick knowing the answer: a first, untimed run with
    room to spare (-m10000000 -w26) finds the depth and the number of states, then the timed
    runs get a search stack of twice that depth and a hash table of at least twice as many
    slots as states. Oversized, those two cost pan a large share of its time (page faults on
    hundreds of MiB), which would flatter ptecheck."""
    if shutil.which("spin") is None or shutil.which("gcc") is None:
        return None
    pml = os.path.join(workdir, "model.pml")
    with open(pml, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "promela", generator)] + args, stdout=f, check=True)
    # What a SPIN user pays before pan runs, for each change of the model or its constants: the
    # analogue of ptecheck's start-up and spec compilation, which ptecheck's CPU seconds include.
    _, analyse = cpu_seconds(["spin", "-a", "model.pml"], cwd=workdir, check=True, capture_output=True)
    _, build = cpu_seconds(["gcc", "-O2", "-DSAFETY", "-o", "pan", "pan.c"], cwd=workdir, check=True, capture_output=True)
    first = subprocess.run(["./pan", "-m10000000", "-w26"], cwd=workdir, capture_output=True, text=True, check=True).stdout
    depth = int(re.search(r"depth reached (\d+)", first).group(1))
    states = int(re.search(r"(\d+) states, stored", first).group(1))
    flags = [f"-m{max(10000, 2 * depth)}", f"-w{max(18, (2 * states - 1).bit_length())}"]
    results = []
    for _ in range(repeat):
        run, cpu = cpu_seconds(["./pan"] + flags, cwd=workdir, capture_output=True, text=True)
        out = run.stdout
        stored = int(re.search(r"(\d+) states, stored", out).group(1))
        seconds = float(re.search(r"elapsed time ([\d.e+-]+) seconds", out).group(1))
        errors = int(re.search(r"errors: (\d+)", out).group(1))
        memory = float(re.search(r"([\d.]+)\s+total actual memory usage", out).group(1))
        # Bytes per state: pan's "actual memory usage for states" (state vectors and their
        # per-state overhead), without its hash table, whose size -w fixes in advance.
        for_states = float(re.search(r"([\d.]+)\s+actual memory usage for states", out).group(1))
        results.append({"distinct": stored, "flags": " ".join(flags), "seconds": seconds, "errors": errors, "cpu_seconds": cpu,
                        "states_per_second": stored / max(seconds, 1e-3), "memory_mb": memory,
                        "states_per_cpu_second": stored / max(cpu, 1e-3),
                        "bytes_per_state": for_states * (1 << 20) / max(1, stored)})
    chosen = max(results, key=lambda r: r["states_per_cpu_second"])
    chosen["build_cpu_seconds"] = analyse + build
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=sorted(CASES), default="default", help="which cases (default: default)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best is kept (default 2)")
    ap.add_argument("--no-profile", dest="profile", action="store_false",
                    help="skip the profile (a JFR recording of the first case, exact store, one worker)")
    ap.add_argument("--write", metavar="FILE", help="also put the tables into FILE (bench/RESULTS.md) between its "
                    "'bench/run: begin' and 'bench/run: end' markers, in place of what was there")
    a = ap.parse_args()
    cores = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec, consts, twin in CASES[a.set]:
            label = spec + " " + " ".join(f"{k}={v}" for k, v in consts.items())
            print(f"bench: {label} ...", file=sys.stderr, flush=True)
            # The speed rows do the work pan -DSAFETY does: every state, its properties, no
            # progress check (SPIN has none; ptecheck's is timed separately below).
            # --no-dead-vars: the same states as the twin (dead-variable reduction would merge
            # states that differ only in a kernel local no longer read).
            same = ["--no-por", "--no-symmetry", "--no-deadlock", "--no-dead-vars"]
            runs = {}
            for store in STORES:
                runs[store, 1] = best(a.repeat, lambda: ptecheck(spec, consts, "--workers", "1", *same, "--store", store))
            # The same search with the steps interpreted (--interpret: no bytecode, every group
            # tried in every state), to show what compiling them gives.
            runs["interpreted", 1] = best(a.repeat, lambda: ptecheck(spec, consts, "--workers", "1", *same,
                                                                     "--store", "exact", "--interpret"))
            runs["exact", cores] = best(a.repeat, lambda: ptecheck(spec, consts, "--workers", str(cores), *same,
                                                                   "--store", "exact"))
            progress = ptecheck(spec, consts, "--workers", str(cores), "--no-por", "--no-symmetry")
            # Partial-order reduction alone, against the speed rows' state count.
            por = ptecheck(spec, consts, "--workers", str(cores), "--no-symmetry", "--no-deadlock", "--no-dead-vars")
            s = spin(twin[0], twin[1], a.repeat, tmp) if twin else None
            rows.append((label, runs, progress, por, s))
            print(table(rows[-1:], cores), file=sys.stderr, flush=True)  # so a long run shows each row as it ends
        top = profile(*CASES[a.set][0][:2], same) if a.profile else None
        reductions = []
        for spec, consts in REDUCTIONS[a.set]:
            label = spec + " " + " ".join(f"{k}={v}" for k, v in consts.items())
            print(f"bench: reductions {label} ...", file=sys.stderr, flush=True)
            runs = [ptecheck(spec, consts, "--workers", str(cores), *flags)
                    for flags in (["--no-por", "--no-symmetry"], ["--no-symmetry"], ["--no-por"], [])]
            reductions.append((label, runs))
    made = (f"Made by `bench/bench.py --set {a.set} --repeat {a.repeat}` (what `bench/run` runs after building) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
            f", {machine()}; load average at the end {os.getloadavg()[0]:.1f}.")
    text = made + "\n\n" + table(rows, cores) + "\n\n" + reduction_table(reductions)
    if top:
        text += "\n\n" + top
    print(text)
    if a.write:
        write_between_markers(a.write, text)


def write_between_markers(path, text):
    """Replaces what lies between the begin and end markers of path with text."""
    begin, end = "<!-- bench/run: begin -->", "<!-- bench/run: end -->"
    with open(path) as f:
        old = f.read()
    if begin not in old or end not in old:
        sys.exit(f"bench: {path} has no '{begin}' ... '{end}' markers")
    head, rest = old.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w") as f:
        f.write(head + begin + "\n" + text + "\n" + end + tail)


def reduction_table(rows):
    lines = ["| spec (default store and checks) | off | POR | symmetry | POR + symmetry |",
             "|---|---|---|---|---|"]
    for label, runs in rows:
        base = runs[0]["distinct_states"]
        cells = [f"{base:,} ({runs[0]['millis'] / 1000:.1f} s)"]
        for r in runs[1:]:
            cells.append(f"{r['distinct_states']:,} ({base / max(1, r['distinct_states']):.1f}x, {r['millis'] / 1000:.1f} s)")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


STORES = ["tree", "exact", "fingerprint"]


def table(rows, cores):
    lines = []
    lines.append(f"| spec | distinct states | SPIN states | states per CPU-second, 1 worker: "
                 f"{' / '.join(STORES)} / exact interpreted / SPIN | ptecheck/SPIN per CPU-second: {' / '.join(STORES)} | "
                 f"bytes/state: {' / '.join(STORES)} / SPIN | exact, {cores} workers: states/s (speed-up, elapsed) | "
                 f"with progress check, {cores} workers | POR: states (ratio) | "
                 f"end to end, CPU-seconds: exact, 1 worker / SPIN (`spin -a` and `gcc` + pan) |")
    lines.append("|" + "---|" * 10)
    for label, runs, progress, por, s in rows:
        one = runs["exact", 1]
        alln = runs["exact", cores]
        ratio = one["distinct_states"] / max(1, por["distinct_states"])
        rates = [f"{runs[st, 1]['states_per_cpu_second']:,.0f}" for st in STORES + ["interpreted"]]
        rates.append(f"{s['states_per_cpu_second']:,.0f}" if s else "-")
        per = " / ".join(f"{runs[st, 1]['states_per_cpu_second'] / s['states_per_cpu_second']:.2f}" for st in STORES) \
            if s else "-"
        sizes = [f"{runs[st, 1]['bytes_per_state']:.1f}" for st in STORES]
        sizes.append(f"{s['bytes_per_state']:.0f}" if s else "-")
        spin_states = f"{s['distinct']:,} (`./pan {s['flags']}`)" if s else "(no spin)"
        lines.append(
            f"| {label} | {one['distinct_states']:,} | {spin_states} | "
            f"{' / '.join(rates)} | {per} | {' / '.join(sizes)} | "
            f"{alln['fastest_states_per_second']:,}/s "
            f"({alln['fastest_states_per_second'] / max(1, one['fastest_states_per_second']):.2f}x) | "
            f"{progress['millis'] / 1000:.1f} s (search alone {alln['millis'] / 1000:.1f} s) | "
            f"{por['distinct_states']:,} ({ratio:.2f}x) | "
            + (f"{one['cpu_seconds']:.2f} / {s['build_cpu_seconds']:.2f} + {s['cpu_seconds']:.2f} |" if s else "- |"))
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
    main()
