#!/usr/bin/env bash
# The long run of the spec fuzzer (issue 12): mutated bundled specs must give diagnostics or
# results, never a stack trace or an internal error. CI runs the same test for ~5 s with seed 12.
#
#   bench/fuzz.sh [SECONDS] [SEED]      (defaults: 600 s, a seed from the clock, printed)
#
# A failure prints the mutant, its seed and the output; rerun with that seed to reproduce.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-600}"
seed="${2:-$(date +%s)}"
echo "fuzz: ${seconds} s, seed ${seed}"
cd "$root"
mvn -B -q -pl checker -am test -Dtest=SpecFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.seconds="$seconds" -Dfuzz.seed="$seed" -Dfuzz.mutants=100000000
