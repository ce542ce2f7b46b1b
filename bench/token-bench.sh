#!/usr/bin/env bash
# Playback-token microbenchmarks (bench/jmh) against two named baselines: the bare HMAC over the
# same bytes, and an HS256 JWT checked with jjwt. Prints each result and the ratios; record them in
# docs/benchmarks.md together with the machine. Extra arguments go to JMH (e.g. -i 10).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

./mvnw -B -q -Pbench -pl bench/jmh -am package -DskipTests

results="bench/jmh/target/token-bench.csv"
# One fork, one thread: the edge checks each request on one event-loop thread, and this machine
# has 2 cores shared with builds. -prof gc reports bytes allocated per operation.
java -jar bench/jmh/target/benchmarks.jar 'io.reelport.bench.playback.PlaybackTokenBenchmark' \
  -f 1 -t 1 -wi 5 -w 2s -i 5 -r 2s -jvmArgsAppend "-Xms2g -Xmx2g" -prof gc -rf csv -rff "$results" "$@"

echo
echo "== Playback tokens ($(nproc) cores, $(java -version 2>&1 | head -n 1))"
awk -F',' '
  function unquote(s) { gsub(/"/, "", s); return s }
  { sub(/\r$/, "") }
  NR > 1 {
    split(unquote($1), parts, ":"); name = parts[1]; sub(/.*\./, "", name); metric = parts[2]; unit = unquote($7)
    if (metric == "" && unit == "ns/op") { score[name] = $5; error[name] = $6; order[++n] = name }
    if (metric == "gc.alloc.rate.norm") { bytes[name] = $5 }
  }
  END {
    for (i = 1; i <= n; i++) {
      b = order[i]
      printf "%-20s %9.1f ns/op  ± %7.1f  %7.0f B/op\n", b, score[b], error[b], bytes[b]
    }
    printf "verify / macBaseline        = %.2f\n", score["verify"] / score["macBaseline"]
    printf "verify / jjwtVerifyBaseline = %.3f  (jjwt takes %.1fx as long)\n", score["verify"] / score["jjwtVerifyBaseline"], score["jjwtVerifyBaseline"] / score["verify"]
    printf "target verify < 1000 ns: %s\n", score["verify"] < 1000 ? "met" : "MISSED"
  }' "$results"
