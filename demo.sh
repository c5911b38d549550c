#!/usr/bin/env bash
# Builds the Kampachi jars if they are missing, then runs the end-to-end demo: a mediation server
# and two clients in network namespaces of their own, joined by a private bridge with no route out.
# Needs root; see docs/client.md for what the demo checks and prints.
set -euo pipefail

cd "$(dirname "$0")"

if [ ! -f vertx-client/target/kampachi-client.jar ] || [ ! -f vertx-mediation/target/kampachi-mediation.jar ]; then
    echo "[demo] building the jars (mvn -B -q package -DskipTests)"
    mvn -B -q package -DskipTests
fi

exec vertx-client/src/test/e2e/run-demo.sh "$@"
