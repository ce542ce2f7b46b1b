#!/usr/bin/env bash
# Runs the whole Reelport platform on this machine: builds what changed since the last run, then
# starts the local runner (local/), which finds or starts PostgreSQL, Redis and S3, generates
# development secrets once, and runs backend, worker and edge. Ctrl-C stops everything.
#
# Usage: scripts/run-local.sh [--rebuild] [--reelport.local.some-setting=value ...]
# Settings are environment variables (BACKEND_PORT, DATABASE_URL, ...): docs/getting-started.md.
set -euo pipefail
cd "$(dirname "$0")/.."

rebuild=false
launcher_args=()
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) launcher_args+=("$arg") ;;
  esac
done

if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java || true)"
fi
if [ -z "$java" ] || ! "$java" -version >/dev/null 2>&1; then
  echo "run-local: no Java found. Install a JDK 17 or newer (or set JAVA_HOME)." >&2
  exit 1
fi

stamp=local/target/run-local.stamp
built=(backend/target/reelport-backend.jar worker/target/reelport-worker.jar edge/target/reelport-edge.jar
       local/target/classes local/target/launcher.classpath)

# A build is needed when something is missing, or a file of the build changed since the last one.
needs_build() {
  [ "$rebuild" = true ] && return 0
  [ -f "$stamp" ] || return 0
  local path
  for path in "${built[@]}"; do
    [ -e "$path" ] || return 0
  done
  [ -n "$(find pom.xml .mvn common test-support backend worker edge local \
            -name target -prune -o -type f -newer "$stamp" -print 2>/dev/null | head -n 1)" ]
}

if needs_build; then
  echo "run-local: building backend, worker, edge and the local runner (the first build downloads dependencies)..."
  mkdir -p local/target
  touch "$stamp.new"
  ./mvnw -B -q -DskipTests -pl backend,worker,edge,local -am package
  mv "$stamp.new" "$stamp"
fi

exec "$java" -cp "local/target/classes:$(cat local/target/launcher.classpath)" io.reelport.local.LocalApplication \
  ${launcher_args[@]+"${launcher_args[@]}"}
