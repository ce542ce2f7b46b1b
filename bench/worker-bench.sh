#!/usr/bin/env bash
# Worker transcoding benchmark: on a generated 30 s 1080p30 clip with the default ladder, times
# (a) the worker's own ffmpeg commands alone (the single pass, then the MP4 remux of its rung),
# (b) the naive baseline: one ffmpeg per output (each rung, the MP4 as its own encode, the
# thumbnails), (c) the worker end to end (job on the stream -> manifest.json written and success reported),
# measured on a worker that has run one short untimed job first (its code compiled, as when deployed),
# and prints c/a and c/b. Needs Redis on 127.0.0.1:6379 (or TEST_REDIS_URL); S3 is s3proxy,
# started by test-support. Record the figures in docs/benchmarks.md. Optional argument: seconds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

classpath_file="worker/target/bench-classpath.txt"
./mvnw -B -q -pl worker -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/$classpath_file" -Dmdep.includeScope=test

# The driver lives with the worker's test helpers (it assembles a worker the way the fault tests do).
java -Xmx1g -cp "worker/target/test-classes:worker/target/classes:$(cat "$classpath_file")" \
  io.reelport.worker.job.WorkerBenchmark "${1:-30}"
