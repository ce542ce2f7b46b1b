#!/usr/bin/env bash
# Backend HTTP load (wrk, 64 connections): upload creation (presigned PUT) and asset GET, beside a
# trivial endpoint (/actuator/health/liveness) as the baseline, in one run against one backend
# process. Prints requests per second, p99 latency and the ratios; record them in docs/benchmarks.md.
#
# Needs wrk, psql and a PostgreSQL and Redis on their default local ports (as the tests use).
# Presigning is local computation, so no S3 server is needed.
# Usage: bench/assets-http-bench.sh [seconds per endpoint, default 20]
#        (BENCH_CONNECTIONS, default 64; BENCH_WRK_THREADS, default 1; BENCH_WARMUP_SECONDS, default 45;
#         BENCH_JAR: a backend jar built from another commit, to compare code in the same hour)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
duration="${1:-20}"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
connections="${BENCH_CONNECTIONS:-64}"
# One wrk thread drives 64 connections at these rates with room to spare; a second one only takes
# CPU from the backend it measures on this 2-core machine (override with BENCH_WRK_THREADS).
threads="${BENCH_WRK_THREADS:-1}"
# Load before each measurement until C2 has compiled the path, as it has in a backend that has been
# up for a while: on 2 cores, with the compiler threads sharing them with the load, 15 s measured
# partly interpreted and C1 code (the baseline's throughput tripled between 15 s and 45 s).
warmup="${BENCH_WARMUP_SECONDS:-45}"
port="${BENCH_PORT:-18080}"
db="reelport_bench_$$"
pg=(psql -h 127.0.0.1 -U "${PGUSER:-postgres}" -v ON_ERROR_STOP=1 -q -t -A)
work="$(mktemp -d)"
backend_pid=""

cleanup() {
  if [[ -n "$backend_pid" ]]; then
    kill "$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
  fi
  "${pg[@]}" -d postgres -c "drop database if exists $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }
secret() { head -c 32 /dev/urandom | b64url; }

jar="${BENCH_JAR:-backend/target/reelport-backend.jar}"
if [[ -z "${BENCH_JAR:-}" ]]; then
  ./mvnw -B -q -pl backend -am package -DskipTests
fi
"${pg[@]}" -d postgres -c "create database $db" >/dev/null

jwt_secret="$(secret)"
REDIS_NAMESPACE="bench-$$" \
PORT="$port" \
SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
SPRING_DATASOURCE_USERNAME="${PGUSER:-postgres}" \
SPRING_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=16 \
REDIS_URL=redis://127.0.0.1:6379 \
S3_ENDPOINT=http://127.0.0.1:9 S3_REGION=us-east-1 S3_PATH_STYLE=true S3_ACCESS_KEY=bench S3_SECRET_KEY=bench-secret \
JWT_KEYS="bench:$jwt_secret" JWT_ACTIVE_KID=bench \
PLAYBACK_KEYS="play:$(secret)" PLAYBACK_ACTIVE_KID=play \
RATE_LIMIT_API_PER_MINUTE=100000000 RATE_LIMIT_UPLOADS_PER_MINUTE=100000000 \
  java -Xms512m -Xmx512m -jar "$jar" >"$work/backend.log" 2>&1 &
backend_pid=$!

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null; then break; fi
  if ! kill -0 "$backend_pid" 2>/dev/null; then cat "$work/backend.log"; exit 1; fi
  sleep 1
done

# An admin made directly in the database, and an access token signed as the backend signs them
# (HS256, kid header, issuer reelport, role and token version claims).
user_id="$(cat /proc/sys/kernel/random/uuid)"
"${pg[@]}" -d "$db" -c "insert into users (id, email, password_hash, role, created_at, updated_at)
  values ('$user_id', 'bench-$$@example.com', 'not-a-hash', 'ADMIN', now(), now())" >/dev/null
now="$(date +%s)"
header="$(printf '{"alg":"HS256","kid":"bench"}' | b64url)"
payload="$(printf '{"iss":"reelport","sub":"%s","jti":"%s","iat":%d,"exp":%d,"role":"ADMIN","ver":0}' \
  "$user_id" "$(cat /proc/sys/kernel/random/uuid)" "$now" "$((now + 3600))" | b64url)"
padded="$jwt_secret"
while (( ${#padded} % 4 )); do padded+="="; done
key_hex="$(printf '%s' "$padded" | tr -- '-_' '+/' | base64 -d | od -An -tx1 | tr -d ' \n')"
signature="$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | b64url)"
token="$header.$payload.$signature"

api="http://127.0.0.1:$port"
asset="$(curl -sf "$api/api/assets" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"title":"Benchmark"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')"

cat >"$work/get.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $token"
EOF
cat >"$work/upload.lua" <<EOF
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"filename":"clip.mp4","contentType":"video/mp4","sizeBytes":1048576}'
EOF
cat >"$work/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, non2xx))
end
EOF

run() { # name url script
  local name="$1" url="$2" script="$3"
  cat "$script" "$work/report.lua" >"$work/$name.lua"
  # a warm-up so the JIT has compiled the path (C2, not just C1) before it is measured
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$work/$name.lua" "$url" >/dev/null
  wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$work/$name.lua" "$url" | awk -v n="$name" '/^RESULT/ {print n, $2, $3, $4, $5, $6}'
}

: >"$work/empty.lua"
{
  run baseline "$api/actuator/health/liveness" "$work/empty.lua"
  run asset_get "$api/api/assets/$asset" "$work/get.lua"
  run upload_create "$api/api/assets/$asset/uploads" "$work/upload.lua"
} >"$work/results"

echo
echo "== Backend HTTP, wrk -t$threads -c$connections -d${duration}s ($(nproc) cores, $(java -version 2>&1 | head -n 1))"
echo "   load average before the run: $load_before (figures mean little when it is far above $(nproc));"
echo "   at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the benchmark's own threads count in it)"
awk '
  { rps[$1] = $2; p50[$1] = $3; p99[$1] = $4; n[$1] = $5; bad[$1] = $6; order[NR] = $1 }
  END {
    printf "%-14s %10s %9s %9s %10s %6s\n", "endpoint", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx"
    for (i = 1; i <= NR; i++) { e = order[i]; printf "%-14s %10.1f %9.2f %9.2f %10d %6d\n", e, rps[e], p50[e], p99[e], n[e], bad[e] }
    printf "asset_get / baseline throughput     = %.2f\n", rps["asset_get"] / rps["baseline"]
    printf "upload_create / baseline throughput = %.2f\n", rps["upload_create"] / rps["baseline"]
    printf "target p99 < 50 ms: asset_get %s, upload_create %s\n", p99["asset_get"] < 50 ? "met" : "MISSED",
      p99["upload_create"] < 50 ? "met" : "MISSED"
  }' "$work/results"
