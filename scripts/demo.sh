#!/usr/bin/env bash
# The demo: against the platform scripts/run-local.sh runs (start it first, in another terminal),
# log in as the bootstrapped admin, make a short clip with ffmpeg, upload it through the public API
# as any client would, follow its progress, and print signed playback URLs that play.
#
# Usage: scripts/demo.sh
# Settings: REELPORT_API_URL (default http://localhost:$BACKEND_PORT, port 8080), REELPORT_DATA_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java || true)"
fi
if [ -z "$java" ] || ! "$java" -version >/dev/null 2>&1; then
  echo "demo: no Java found. Install a JDK 17 or newer (or set JAVA_HOME)." >&2
  exit 1
fi
if [ ! -f local/target/launcher.classpath ] || [ ! -d local/target/classes ]; then
  echo "demo: the local runner is not built yet; start the platform first with scripts/run-local.sh" >&2
  exit 1
fi

exec "$java" -cp "local/target/classes:$(cat local/target/launcher.classpath)" io.reelport.local.demo.Demo
