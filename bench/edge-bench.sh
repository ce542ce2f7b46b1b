#!/usr/bin/env bash
# Edge delivery benchmark against named baselines, all on loopback in one run:
#  1. cache hits: our edge vs nginx (Debian package, secure_link) serving the same files from disk,
#     with wrk, for a 1 MiB segment and a small playlist. Targets: >= 0.8 and >= 0.5 of nginx's req/s.
#  2. cold-miss time to first byte: edge (miss -> previews bucket) vs a direct signed GET from the
#     same S3 server (s3proxy). Target: <= 1.2x. Beside them, the same signed GET through nginx as a
#     plain reverse proxy (keep-alive to s3proxy, no cache, no signing): what one proxy hop costs here.
# Needs: java 17, nginx, wrk, curl (>= 7.75 for --aws-sigv4), python3. Record results in
# docs/benchmarks.md ("Edge delivery").
#
# Environment: DURATION (wrk seconds per run, default 10), WARMUP (seconds of load on the edge
# before measuring, default 40: the JIT needs it, more so on a busy machine), CONNECTIONS (default 16),
# WRK_THREADS (default 1), COLD_SAMPLES (default 31), WARMUP_MISSES (default 3000: distinct 16 KiB objects
# fetched once through the edge and once directly before measuring, so that both sides' GET paths are
# compiled, as they are on a running edge that sees misses all day; the edge's miss path is still
# being compiled after 1 000), SKIP_BUILD=1 to reuse edge/target/reelport-edge.jar.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
duration="${DURATION:-10}"
warmup="${WARMUP:-40}"
connections="${CONNECTIONS:-16}"
wrk_threads="${WRK_THREADS:-1}"
cold_samples="${COLD_SAMPLES:-31}"
warmup_misses="${WARMUP_MISSES:-3000}"

for tool in java nginx wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "edge-bench: $tool is not installed (apt-get install nginx wrk curl)" >&2; exit 1; }
done
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl edge -am package -DskipTests
fi
s3proxy_jar="$(find "${HOME}/.m2/repository/org/gaul/s3proxy" -name 's3proxy-*-jar-with-dependencies.jar' | sort | tail -n 1)"
[[ -n "$s3proxy_jar" ]] || { echo "edge-bench: s3proxy jar not found; build test-support once" >&2; exit 1; }

work="$(mktemp -d /tmp/edge-bench.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$work/nginx.pid" ]]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "edge-bench: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # url [pid]: the machine may be busy, so wait long, but not for a process that died
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "$1" && return 0
    if [[ -n "${2:-}" ]] && ! kill -0 "$2" 2>/dev/null; then echo "edge-bench: the server for $1 exited; see its log" >&2; exit 1; fi
    sleep 0.5
  done
  echo "edge-bench: $1 never answered" >&2; exit 1
}

s3_port="$(free_port)"; edge_port="$(free_port)"; nginx_port="$(free_port)"; proxy_port="$(free_port)"
access="bench-access"; secret="bench-secret-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
bucket="bench-previews"
asset="3f2b8c1e-5d4a-4e7b-9c6f-1a2b3c4d5e6f"; version="8e7d6c5b-4a39-4281-b7f6-e5d4c3b2a190"
sigv4=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$access:$secret" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")

# --- the same files for both servers -------------------------------------------------------------
files="$work/files/$asset/$version"
mkdir -p "$files/hls/720p" "$work/s3data"
head -c 1048576 /dev/urandom > "$files/hls/720p/seg_00001.m4s"
{
  printf '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI="init.mp4"\n'
  for i in $(seq 1 10); do printf '#EXTINF:4.000,\nseg_%05d.m4s\n' "$i"; done
  printf '#EXT-X-ENDLIST\n'
} > "$files/hls/720p/index.m3u8"
for i in $(seq 1 "$((cold_samples * 3))"); do head -c 1048576 /dev/urandom > "$files/hls/720p/cold_$i.m4s"; done
mkdir -p "$files/warm"
head -c "$((warmup_misses * 16384))" /dev/urandom | split -b 16384 -a 5 - "$files/warm/w_"

# --- s3proxy ------------------------------------------------------------------------------------
cat > "$work/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$access
s3proxy.credential=$secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3data
jclouds.identity=local
jclouds.credential=local
EOF
java -jar "$s3proxy_jar" --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$s3_port/" "$!"
curl -sf "${sigv4[@]}" -X PUT "http://127.0.0.1:$s3_port/$bucket" > /dev/null
# One curl for all the uploads (one connection, keep-alive): thousands of objects in seconds.
(cd "$work/files" && find . -type f | sed 's|^\./||') \
  | awk -v dir="$work/files" -v url="http://127.0.0.1:$s3_port/$bucket/previews" '{ print "upload-file = \"" dir "/" $0 "\"\nurl = \"" url "/" $0 "\"" }' \
  > "$work/uploads.curl"
curl -sf "${sigv4[@]}" -K "$work/uploads.curl" > /dev/null

# --- tokens: the edge's (docs/playback-tokens.md) and nginx secure_link's --------------------------
read -r playback_key edge_token nginx_expires <<<"$(python3 - "$asset/$version/" <<'EOF'
import base64, hashlib, hmac, secrets, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
key = secrets.token_bytes(32)
exp = int(time.time()) + 3600
claims = f"bench\n{exp}\n\n\n{sys.argv[1]}".encode()
mac = hmac.new(key, b"reelport.playback.v1\n" + claims, hashlib.sha256).digest()
print(b64(key), "1." + b64(claims) + "." + b64(mac), exp)
EOF
)"
nginx_secret="bench-nginx-secret"
nginx_link() { # uri -> uri?md5=..&expires=..
  python3 - "$1" "$nginx_expires" "$nginx_secret" <<'EOF'
import base64, hashlib, sys
uri, expires, secret = sys.argv[1:]
digest = base64.urlsafe_b64encode(hashlib.md5(f"{expires}{uri} {secret}".encode()).digest()).rstrip(b"=").decode()
print(f"{uri}?md5={digest}&expires={expires}")
EOF
}

# --- the edge -------------------------------------------------------------------------------------
S3_ENDPOINT="http://127.0.0.1:$s3_port" S3_REGION=us-east-1 S3_ACCESS_KEY="$access" S3_SECRET_KEY="$secret" \
S3_PATH_STYLE=true PREVIEWS_BUCKET="$bucket" PLAYBACK_KEYS="bench:$playback_key" PORT="$edge_port" \
EDGE_CACHE_DIR="$work/edge-cache" EDGE_CACHE_MAX_BYTES=1GB EDGE_RATE_LIMIT_PER_SECOND=0 \
  java -XX:MaxRAMPercentage=60 -jar edge/target/reelport-edge.jar --reelport.edge.access-log=false \
  > "$work/edge.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$edge_port/actuator/health" "$!"

# --- nginx: same files from disk, secure_link checking an md5 link, no access log (nor on the edge) --
mkdir -p "$work/nginx-root" "$work/nginx-tmp"
ln -s "$work/files" "$work/nginx-root/s"
chmod -R a+rX "$work"
cat > "$work/nginx.conf" <<EOF
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx-tmp; proxy_temp_path $work/nginx-tmp; fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp; scgi_temp_path $work/nginx-tmp;
  types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; }
  upstream s3proxy { server 127.0.0.1:$s3_port; keepalive 16; }
  server {
    # The baseline proxy hop: forwards the client's signed request as it is (Host kept, so the
    # signature holds), on kept-alive connections, streaming the answer.
    listen 127.0.0.1:$proxy_port;
    location / {
      proxy_pass http://s3proxy;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_buffering off;
    }
  }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx-root;
    location /s/ {
      secure_link \$arg_md5,\$arg_expires;
      secure_link_md5 "\$secure_link_expires\$uri $nginx_secret";
      if (\$secure_link = "") { return 403; }
      if (\$secure_link = "0") { return 410; }
      etag on;
      add_header Cache-Control "public, max-age=31536000, immutable";
    }
  }
}
EOF
nginx -c "$work/nginx.conf" -g 'daemon on;'
wait_for "http://127.0.0.1:$nginx_port/"

edge_url() { echo "http://127.0.0.1:$edge_port/p/$edge_token/$asset/$version/$1"; }
direct_url() { echo "http://127.0.0.1:$s3_port/$bucket/previews/$asset/$version/$1"; }
nginx_url() { echo "http://127.0.0.1:$nginx_port$(nginx_link "/s/$asset/$version/$1")"; }
for file in hls/720p/seg_00001.m4s hls/720p/index.m3u8; do
  for url in "$(edge_url "$file")" "$(nginx_url "$file")"; do
    code="$(curl -s -o "$work/check" -w '%{http_code}' "$url")"
    if [[ "$code" != 200 ]] || ! cmp -s "$work/check" "$files/$file"; then
      echo "edge-bench: $url answered $code or other bytes" >&2; exit 1
    fi
  done
done

rps() { wrk -t"$wrk_threads" -c"$connections" -d"${2}s" "$1" | awk '/Requests\/sec/ { print $2 }'; }
echo "warming up the edge's JIT (${warmup}s)..."
rps "$(edge_url hls/720p/seg_00001.m4s)" "$((warmup / 2))" > /dev/null
rps "$(edge_url hls/720p/index.m3u8)" "$((warmup / 2))" > /dev/null
rps "$(nginx_url hls/720p/seg_00001.m4s)" 3 > /dev/null
echo "warming up both GET paths with $warmup_misses misses..."
# Batches of 100 alternating between the sides, each batch one curl on a new connection per request,
# as the measured requests are.
warm_keys=("$files"/warm/w_*); warm_keys=("${warm_keys[@]##*/}")
for ((start = 0; start < ${#warm_keys[@]}; start += 100)); do
  batch=("${warm_keys[@]:start:100}")
  direct_args=(); edge_args=()
  for key in "${batch[@]}"; do
    direct_args+=(-o /dev/null "$(direct_url "warm/$key")")
    edge_args+=(-o /dev/null "$(edge_url "warm/$key")")
  done
  curl -sf -H 'Connection: close' "${sigv4[@]}" "${direct_args[@]}"
  curl -sf -H 'Connection: close' "${edge_args[@]}"
done
uptime

declare -A result
for file in hls/720p/seg_00001.m4s hls/720p/index.m3u8; do
  result["nginx $file"]="$(rps "$(nginx_url "$file")" "$duration")"
  result["edge $file"]="$(rps "$(edge_url "$file")" "$duration")"
done

# --- cold misses: the edge (miss), a direct signed GET from s3proxy, and the same signed GET through --
# nginx as a plain reverse proxy, each on its own objects, interleaved. curl reports, per request, when
# it was about to send (pretransfer) and when the first byte came back (starttransfer): the difference
# is the servers' time to first byte. curl's TTFB alone also counts curl computing SigV4 for the signed
# requests (~1 ms per fresh curl process here), which the edge's unsigned request does not pay.
timing() { curl -s -o /dev/null -w '%{time_pretransfer} %{time_starttransfer}\n' "$@"; }
: > "$work/cold-edge"; : > "$work/cold-direct"; : > "$work/cold-proxy"
cold_object() { echo "hls/720p/cold_$1.m4s"; } # three per sample: one for each side
for i in $(seq 1 "$cold_samples"); do
  timing "${sigv4[@]}" "$(direct_url "$(cold_object $((3 * i - 2)))")" >> "$work/cold-direct"
  timing "${sigv4[@]}" --connect-to "127.0.0.1:$s3_port:127.0.0.1:$proxy_port" \
    "$(direct_url "$(cold_object $((3 * i - 1)))")" >> "$work/cold-proxy"
  timing "$(edge_url "$(cold_object $((3 * i)))")" >> "$work/cold-edge"
done
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
server_ms() { awk '{ print ($2 - $1) * 1000 }' "$work/cold-$1" | median; }
curl_ms() { awk '{ print $2 * 1000 }' "$work/cold-$1" | median; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

echo
echo "== Edge delivery ($(nproc) cores, $(java -version 2>&1 | head -n 1), $(nginx -v 2>&1), wrk -t$wrk_threads -c$connections -d${duration}s)"
printf '%-28s %12s %12s %8s %8s\n' "file" "nginx req/s" "edge req/s" "ratio" "target"
for pair in "hls/720p/seg_00001.m4s 0.8" "hls/720p/index.m3u8 0.5"; do
  read -r file target <<<"$pair"
  n="${result["nginx $file"]}"; e="${result["edge $file"]}"
  printf '%-28s %12s %12s %8s %8s\n' "$file" "$n" "$e" "$(python3 -c "print(f'{$e / $n:.2f}')")" ">= $target"
done
printf 'cold miss, 1 MiB, medians of %s, request sent -> first byte: direct s3proxy GET %.2f ms, nginx reverse proxy %.2f ms, edge %.2f ms\n' \
  "$cold_samples" "$(server_ms direct)" "$(server_ms proxy)" "$(server_ms edge)"
printf '  edge / direct %s (target <= 1.2); nginx proxy / direct %s; edge / nginx proxy %s\n' \
  "$(ratio "$(server_ms edge)" "$(server_ms direct)")" "$(ratio "$(server_ms proxy)" "$(server_ms direct)")" \
  "$(ratio "$(server_ms edge)" "$(server_ms proxy)")"
printf '  curl TTFB (with curl signing the direct and proxied requests): direct %.2f ms, nginx proxy %.2f ms, edge %.2f ms, edge / direct %s\n' \
  "$(curl_ms direct)" "$(curl_ms proxy)" "$(curl_ms edge)" "$(ratio "$(curl_ms edge)" "$(curl_ms direct)")"
