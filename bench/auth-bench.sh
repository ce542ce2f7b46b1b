#!/usr/bin/env bash
# Authentication cost of the backend: wrk at 64 connections against the real GET /api/auth/me
# (bearer JWT: verification, token-version lookup, rate-limit counter) and, in the same run, against
# the baseline GET /bench/me (bench/auth: the same handler work behind a chain that authenticates
# nobody). Prints requests/s and p99 of each, the p99 difference and the throughput ratio; record
# them in docs/benchmarks.md. Needs PostgreSQL on 127.0.0.1:5432 (user postgres, or PGUSER) and
# Redis on 127.0.0.1:6379, like the tests; wrk from Debian (apt-get install wrk).
#
#   bench/auth-bench.sh [seconds-per-round]      (default 20; two rounds per endpoint, interleaved)
#   AUTH_BENCH_CONNECTIONS=1 bench/auth-bench.sh  (one connection: the latency of the path itself)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
duration="${1:-20}"
connections="${AUTH_BENCH_CONNECTIONS:-64}"
# One wrk thread is plenty for these rates; a second only takes CPU from the backend on 2 cores.
wrk_threads="${BENCH_WRK_THREADS:-1}"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
port="${AUTH_BENCH_PORT:-18480}"
pguser="${PGUSER:-postgres}"
work="bench/auth/target"
database="rp_auth_bench_$$"
namespace="auth-bench-$$"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

./mvnw -B -q -pl backend -am package -DskipTests
rm -rf "$work"
mkdir -p "$work/app" "$work/classes"
(cd "$work/app" && jar xf "$root/backend/target/reelport-backend.jar")
classpath="$work/app/BOOT-INF/classes:$work/app/BOOT-INF/lib/*"
javac -parameters -d "$work/classes" -cp "$classpath" bench/auth/src/io/reelport/backend/benchbaseline/*.java

secret() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

psql -h 127.0.0.1 -U "$pguser" -qc "CREATE DATABASE $database" postgres
backend_pid=""
cleanup() {
  if [[ -n "$backend_pid" ]]; then kill "$backend_pid" 2>/dev/null || true; wait "$backend_pid" 2>/dev/null || true; fi
  psql -h 127.0.0.1 -U "$pguser" -qc "DROP DATABASE IF EXISTS $database" postgres || true
  redis-cli -h 127.0.0.1 --scan --pattern "$namespace:*" | xargs -r redis-cli -h 127.0.0.1 del >/dev/null || true
}
trap cleanup EXIT

DATABASE_URL="postgresql://$pguser@127.0.0.1:5432/$database" \
REDIS_URL="redis://127.0.0.1:6379" REDIS_NAMESPACE="$namespace" \
JWT_KEYS="bench:$(secret)" JWT_ACTIVE_KID=bench PLAYBACK_KEYS="bench:$(secret)" PLAYBACK_ACTIVE_KID=bench \
S3_ENDPOINT="http://127.0.0.1:9" REGISTRATION_MODE=open PORT="$port" \
RATE_LIMIT_API_PER_MINUTE=1000000000 \
  java -Xms512m -Xmx512m -cp "$classpath:$work/classes" io.reelport.backend.BackendApplication \
  > "$work/backend.log" 2>&1 &
backend_pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  curl -fs "$base/actuator/health/liveness" >/dev/null 2>&1 && break
  kill -0 "$backend_pid" 2>/dev/null || { echo "backend failed to start; see $work/backend.log" >&2; exit 1; }
  sleep 1
done

email="bench-$$@example.com"
password="benchmark passphrase of some length"
curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/api/auth/register" >/dev/null
token="$(curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/api/auth/login" | jq -r .accessToken)"
user="$(curl -fs -H "Authorization: Bearer $token" "$base/api/auth/me" | jq -r .id)"
# Both answer the same document: the baseline is the same work, not a cheaper one.
me="$(curl -fs -H "Authorization: Bearer $token" "$base/api/auth/me")"
baseline_me="$(curl -s "$base/bench/me?user=$user")"
if [[ "$me" != "$baseline_me" ]]; then
  printf 'the baseline does not answer what /api/auth/me answers:\n%s\n%s\n' "$me" "$baseline_me" >&2
  exit 1
fi

authenticated=(-H "Authorization: Bearer $token" "$base/api/auth/me")
baseline=("$base/bench/me?user=$user")

run() { # label, wrk arguments...
  local label="$1"; shift
  wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --latency "$@" > "$work/$label.txt"
}
p99_ms() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' "$1"; }
rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ { print }' "$1"; }

# Warm both paths (JIT, connection pools), then alternate so drift on a shared machine hits both.
wrk -t"$wrk_threads" -c"$connections" -d10s "${authenticated[@]}" >/dev/null
wrk -t"$wrk_threads" -c"$connections" -d10s "${baseline[@]}" >/dev/null
run auth-1 "${authenticated[@]}"; run base-1 "${baseline[@]}"
run auth-2 "${authenticated[@]}"; run base-2 "${baseline[@]}"

echo
echo "== GET /api/auth/me, $connections connections, ${duration}s x 2 rounds ($(nproc) cores, $(java -version 2>&1 | head -n 1))"
echo "   load average before the run: $load_before"
for label in auth-1 base-1 auth-2 base-2; do
  printf "%-7s %10s req/s   p99 %8.2f ms  %s\n" "$label" "$(rps "$work/$label.txt")" "$(p99_ms "$work/$label.txt")" "$(errors "$work/$label.txt" | tr '\n' ' ')"
done
awk -v a1="$(p99_ms "$work/auth-1.txt")" -v a2="$(p99_ms "$work/auth-2.txt")" \
    -v b1="$(p99_ms "$work/base-1.txt")" -v b2="$(p99_ms "$work/base-2.txt")" \
    -v r1="$(rps "$work/auth-1.txt")" -v r2="$(rps "$work/auth-2.txt")" \
    -v s1="$(rps "$work/base-1.txt")" -v s2="$(rps "$work/base-2.txt")" 'BEGIN {
  auth = (a1 + a2) / 2; base = (b1 + b2) / 2
  printf "p99 authenticated %.2f ms, baseline %.2f ms: auth adds %.2f ms at p99\n", auth, base, auth - base
  printf "throughput authenticated / baseline = %.2f\n", (r1 + r2) / (s1 + s2)
  printf "target: auth adds < 1 ms at p99: %s\n", auth - base < 1 ? "met" : "MISSED"
}'
