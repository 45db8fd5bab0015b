#!/usr/bin/env bash
# A/B of W3's loop between two builds of the engine, in alternating fresh JVMs (changes of ~2 % show; JMH's
# RawAutogradBenchmark is the measurement of record). Each argument is a commit; the engine is built at each in a
# temporary worktree.
#   bash bench/scripts/w3-ab.sh HEAD~1 HEAD [rounds]
set -euo pipefail
if (($# < 2)); then
  echo "usage: bash bench/scripts/w3-ab.sh OLD_COMMIT NEW_COMMIT [ROUNDS]   e.g. HEAD~1 HEAD 5" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rounds="${3:-5}"
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/a" >/dev/null 2>&1 || true; git worktree remove --force "$work/b" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
for side in a b; do
  commit="$1"; [[ $side == b ]] && commit="$2"
  git worktree add -q --detach "$work/$side" "$commit"
  (cd "$work/$side" && JAVA_HOME="$java_home" ./mvnw -B -q -o compile -pl bench -am >/dev/null 2>&1)
  classes="$work/$side/engine/target/classes:$work/$side/layers/target/classes:$work/$side/bench/target/classes"
  mkdir -p "$work/probe-$side"
  # (javac warns that JMH's annotations are not on this class path; they are not needed to run)
  "$java_home/bin/javac" -cp "$classes" -d "$work/probe-$side" bench/scripts/probe/W3Probe.java \
    > "$work/javac.log" 2>&1 || { cat "$work/javac.log"; exit 1; }
  echo "$classes:$work/probe-$side" > "$work/cp-$side"
done
run() { "$java_home/bin/java" --add-modules=jdk.incubator.vector -cp "$(cat "$work/cp-$1")" W3Probe 2>/dev/null; }
a=(); b=()
for ((r = 0; r < rounds; r++)); do a+=("$(run a)"); b+=("$(run b)"); done
python3 - "$1" "$2" "${a[*]}" "${b[*]}" <<'PY'
import statistics, sys
a = [float(v) for v in sys.argv[3].split()]
b = [float(v) for v in sys.argv[4].split()]
print(f"{sys.argv[1]}: {' '.join(f'{v:.2f}' for v in a)}  median {statistics.median(a):.3f} ms")
print(f"{sys.argv[2]}: {' '.join(f'{v:.2f}' for v in b)}  median {statistics.median(b):.3f} ms  "
      f"ratio {statistics.median(b) / statistics.median(a):.3f}")
PY
