#!/usr/bin/env bash
# What the memory models cost in states: every litmus test of specs/litmus/, with its memory line
# replaced by sc, tso and arm64 and its at-end property dropped (so the whole state space is
# explored, not up to a violation), checked with the default reductions. Prints, per folder and
# model, the sum of the distinct states. Usage: bench/memory-models.sh
set -eu
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in specs/litmus/x86 specs/litmus/arm64; do
    for model in sc tso arm64; do
        mkdir -p "$tmp/$model/$(basename $dir)"
        for f in "$dir"/*.ptm; do
            sed "s/^memory .*/memory $model/; /^expect /d; /^at end /d" "$f" > "$tmp/$model/$(basename $dir)/$(basename "$f")"
        done
    done
done
for dir in x86 arm64; do
    for model in sc tso arm64; do
        # without an expect clause each spec is reported as "skip ... (got pass) (N states": the
        # whole space explored; test then exits 2 (nothing was tested), which is expected here
        total=$( (./ptecheck test "$tmp/$model/$dir" 2>/dev/null || true) | grep -o '([0-9,]* states' | tr -d '(,' | awk '{s+=$1} END {print s}')
        n=$(ls "$tmp/$model/$dir" | wc -l)
        echo "specs/litmus/$dir ($n specs) under memory $model: $total states"
    done
done
