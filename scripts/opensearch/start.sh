#!/usr/bin/env bash
# Starts a local 3-node OpenSearch cluster for development and tests (README, "OpenSearch backend").
#
# Fetches OpenSearch from Maven Central on first use (the integ-test-zip distribution, plus the analysis-common module
# for the whitespace analyzer), caches it under .opensearch/ (git-ignored), and starts three nodes on 127.0.0.1 with
# their own data and logs. OpenSearch refuses to run as root: as root, the nodes run as the user `opensearch`, which
# this script creates. Waits until the cluster is green.
#
# Environment: OPENSEARCH_PORT (first HTTP port, default 9200; the nodes take PORT, PORT+1, PORT+2 and transport
# ports PORT+100…), OPENSEARCH_HEAP (per node, default 512m), OPENSEARCH_NODES (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=2.19.6
ROOT="$PWD/.opensearch"
HOME_DIR="$ROOT/opensearch-$VERSION"
PORT="${OPENSEARCH_PORT:-9200}"
HEAP="${OPENSEARCH_HEAP:-512m}"
NODES="${OPENSEARCH_NODES:-3}"
RUN_AS="${OPENSEARCH_USER:-opensearch}"

run() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  id "$RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS"
  run() { runuser -u "$RUN_AS" -- "$@"; }
  # A checkout the node user cannot reach (under /root, say) keeps the cluster in /var/tmp, linked from .opensearch.
  if [ ! -e "$ROOT" ] && ! runuser -u "$RUN_AS" -- test -x "$PWD"; then
    real="/var/tmp/policy-search-opensearch-$(printf '%s' "$PWD" | md5sum | cut -c1-8)"
    mkdir -p "$real" && chmod 755 "$real" && ln -s "$real" "$ROOT"
  fi
fi
mkdir -p "$ROOT/download"
ROOT="$(readlink -f "$ROOT")"
HOME_DIR="$ROOT/opensearch-$VERSION"

fetch() { # groupId:artifactId:version:packaging
  local name="$1" file="$2"
  if [ ! -s "$ROOT/download/$file" ]; then
    echo "== fetching $name from Maven Central"
    mvn -q -B dependency:copy -Dartifact="$name" -DoutputDirectory="$ROOT/download" -Dmdep.overWriteReleases=true
  fi
}

if [ ! -x "$HOME_DIR/bin/opensearch" ]; then
  fetch "org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip" "opensearch-$VERSION.zip"
  fetch "org.opensearch.plugin:analysis-common:$VERSION:jar" "analysis-common-$VERSION.jar"
  rm -rf "$HOME_DIR.tmp" && mkdir -p "$HOME_DIR.tmp"
  (cd "$HOME_DIR.tmp" && unzip -q "$ROOT/download/opensearch-$VERSION.zip")
  # The distribution ships only the transport module; analysis-common (whitespace analyzer, …) is a module of the
  # full distribution, published on Maven Central as a bare jar: give it the descriptor a module carries.
  mod="$HOME_DIR.tmp/opensearch-$VERSION/modules/analysis-common"
  mkdir -p "$mod"
  cp "$ROOT/download/analysis-common-$VERSION.jar" "$mod/"
  cat > "$mod/plugin-descriptor.properties" <<PROPS
description=Adds "built in" analyzers to OpenSearch.
version=$VERSION
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
PROPS
  mv "$HOME_DIR.tmp/opensearch-$VERSION" "$HOME_DIR" && rmdir "$HOME_DIR.tmp"
fi

# The distribution has no bundled JDK: use the machine's (Java 17 or newer).
JAVA_DIR="${OPENSEARCH_JAVA_HOME:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"


seeds=""; masters=""
for i in $(seq 0 $((NODES - 1))); do
  seeds="$seeds${seeds:+,}127.0.0.1:$((PORT + 100 + i))"
  masters="$masters${masters:+,}node-$i"
done

for i in $(seq 0 $((NODES - 1))); do
  node="$ROOT/node-$i"
  if [ -f "$node/pid" ] && kill -0 "$(cat "$node/pid")" 2>/dev/null; then
    echo "== node-$i already running (pid $(cat "$node/pid"))"; continue
  fi
  # A pid file left by a node that died names a process that is gone (or, later, another one).
  rm -f "$node/pid"
  mkdir -p "$node/config" "$node/data" "$node/logs" "$node/tmp"
  cp "$HOME_DIR/config/log4j2.properties" "$node/config/"
  mkdir -p "$node/config/jvm.options.d"
  # The distribution's jvm.options write GC logs and heap dumps relative to the working directory; keep them in the node.
  grep -vE 'gc.log|HeapDumpPath|ErrorFile|^-Xm[sx]' "$HOME_DIR/config/jvm.options" > "$node/config/jvm.options"
  printf '%s\n' "-XX:HeapDumpPath=$node/logs" "-XX:ErrorFile=$node/logs/hs_err_pid%p.log" >> "$node/config/jvm.options"
  cat > "$node/config/opensearch.yml" <<YML
cluster.name: policy-search
node.name: node-$i
network.host: 127.0.0.1
http.port: $((PORT + i))
transport.port: $((PORT + 100 + i))
discovery.seed_hosts: [$seeds]
cluster.initial_cluster_manager_nodes: [$masters]
path.data: $node/data
path.logs: $node/logs
action.destructive_requires_name: false
YML
  if [ "$(id -u)" = 0 ]; then chown -R "$RUN_AS" "$node"; fi
  echo "== starting node-$i on http://127.0.0.1:$((PORT + i))"
  run env OPENSEARCH_JAVA_HOME="$JAVA_DIR" OPENSEARCH_PATH_CONF="$node/config" OPENSEARCH_TMPDIR="$node/tmp" \
    OPENSEARCH_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP -XX:ActiveProcessorCount=1" \
    "$HOME_DIR/bin/opensearch" -d -p "$node/pid" >"$node/logs/start.out" 2>&1 \
    || { echo "!! node-$i did not start:" >&2; tail -20 "$node/logs/start.out" >&2; exit 1; }
done

echo "== waiting for the cluster to be green"
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=green&wait_for_nodes=$NODES&timeout=1s" 2>/dev/null | grep -q '"status":"green"'; then
    echo "== cluster up: http://127.0.0.1:$PORT ($NODES nodes)"; exit 0
  fi
  for pidfile in "$ROOT"/node-*/pid; do
    [ -f "$pidfile" ] || continue
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "!! $(basename "$(dirname "$pidfile")") exited; its log: $(dirname "$pidfile")/logs" >&2; exit 1
    fi
  done
  sleep 1
done
echo "!! the cluster did not turn green within 120 s; logs in $ROOT/node-*/logs" >&2
exit 1
