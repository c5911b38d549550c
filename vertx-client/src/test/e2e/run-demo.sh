#!/usr/bin/env bash
# End-to-end demo of Kampachi over Linux network namespaces.
#
# Builds three hosts on a bridged "internet" (203.0.113.0/24, no route out): a mediation server at
# 203.0.113.10 and two clients at 203.0.113.51 (a) and 203.0.113.61 (b). It starts the mediation jar and
# one client daemon per client host, has a create a network with a password and b join it, then proves
# over the Kampachi addresses:
#   1. ping in both directions;
#   2. a TCP copy of a 64 MiB random file, checked by SHA-256 on both ends, and an iperf3 run for the rate;
#   3. a packet whose inner source address is spoofed never arrives, and b's drop counter shows it;
#   4. with the mediation server killed, the tunnel still carries traffic.
# Every process and namespace it starts is removed on every exit path, by PID and by name.
#
# Usage: run-demo.sh [CLIENT_JAR [MEDIATION_JAR]]
# Needs root, ip, ping, iperf3, openssl, python3 and java.
# Exit status: 0 when all checks pass, 1 when a check fails, 77 when a prerequisite is missing.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
client_jar="${1:-$root/vertx-client/target/kampachi-client.jar}"
mediation_jar="${2:-$root/vertx-mediation/target/kampachi-mediation.jar}"

skip() {
    echo "SKIP: $*"
    exit 77
}

[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
for tool in ip ping iperf3 openssl java sha256sum python3 timeout; do
    command -v "$tool" >/dev/null 2>&1 || skip "'$tool' is missing"
done
[ -e /dev/net/tun ] || skip "/dev/net/tun is missing"
[ -f "$client_jar" ] || skip "client jar not built: $client_jar"
[ -f "$mediation_jar" ] || skip "mediation jar not built: $mediation_jar"

run_id="$(printf '%04x%04x' $$ $((RANDOM)))"
ns_inet="kd-$run_id-inet"
ns_srv="kd-$run_id-srv"
ns_a="kd-$run_id-a"
ns_b="kd-$run_id-b"
work="$(mktemp -d "/tmp/kampachi-demo-$run_id.XXXXXX")"
pids=()
namespaces=()
status=1

log() {
    printf '[demo %s] %s\n' "$(date +%H:%M:%S)" "$*"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    for ns in "${namespaces[@]}"; do
        ip netns del "$ns" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ]; then
        for f in "$work"/*.log; do
            [ -f "$f" ] || continue
            echo "---- last lines of $(basename "$f") ----"
            tail -n 40 "$f"
        done
    fi
    rm -rf "$work"
    if [ "$status" -eq 0 ]; then
        exit 0
    fi
    exit $((rc == 0 ? 1 : rc))
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
    log "FAILED: $*"
    exit 1
}

# ---- hosts ------------------------------------------------------------------------------------------
make_ns() {
    ip netns add "$1"
    namespaces+=("$1")
    ip -n "$1" link set lo up
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
}

make_ns "$ns_inet"
ip -n "$ns_inet" link add br0 type bridge
ip -n "$ns_inet" link set br0 up
ip netns exec "$ns_inet" sysctl -qw net.bridge.bridge-nf-call-iptables=0 2>/dev/null || true

attach_host() { # namespace address
    local ns="$1" address="$2" port="p$3"
    make_ns "$ns"
    ip link add "$port" netns "$ns_inet" type veth peer name eth0 netns "$ns"
    ip -n "$ns_inet" link set "$port" master br0 up
    ip -n "$ns" addr add "$address/24" dev eth0
    ip -n "$ns" link set eth0 up
}
attach_host "$ns_srv" 203.0.113.10 srv
attach_host "$ns_a" 203.0.113.51 a
attach_host "$ns_b" 203.0.113.61 b
log "namespaces: $ns_srv (203.0.113.10), $ns_a (203.0.113.51), $ns_b (203.0.113.61) on bridge in $ns_inet"

# ---- server key and configs -------------------------------------------------------------------------
mkdir -p "$work/srv" "$work/a" "$work/b"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/srv/server-key.pem" 2>/dev/null
openssl pkey -in "$work/srv/server-key.pem" -pubout -out "$work/server-pub.pem" 2>/dev/null
fingerprint="$(java -jar "$client_jar" key-fingerprint "$work/server-pub.pem")"
log "server key fingerprint: $fingerprint"

cat >"$work/srv/mediation.json" <<EOF
{
  "dataDir": "$work/srv/data",
  "control": {"host": "203.0.113.10", "port": 12975, "instances": 1},
  "probe": {"host": "203.0.113.10", "port": 12975},
  "keys": {"files": ["$work/srv/server-key.pem"], "generate": false},
  "passwords": {"scryptCost": 1024},
  "cluster": {"name": "kampachi-demo-$run_id", "host": "127.0.0.1", "port": 5701,
              "members": ["127.0.0.1:5701"], "eventBusHost": "127.0.0.1"}
}
EOF

client_config() { # name
    cat >"$work/$1/client.json" <<EOF
{
  "server": {"host": "203.0.113.10", "port": 12975, "fingerprint": "$fingerprint",
             "publicKeyFile": "$work/server-pub.pem"},
  "stateDir": "$work/$1/state",
  "controlSocket": "$work/$1/control/kampachi.sock",
  "udpPort": 4500,
  "nickname": "$1",
  "tun": {"name": "kam0"}
}
EOF
}
client_config a
client_config b

cli() { # name args...
    local name="$1"
    shift
    java -jar "$client_jar" "$@" -c "$work/$name/client.json"
}

# ---- processes --------------------------------------------------------------------------------------
ip netns exec "$ns_srv" java -jar "$mediation_jar" --config "$work/srv/mediation.json" >"$work/mediation.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
ip netns exec "$ns_a" java -jar "$client_jar" daemon --config "$work/a/client.json" >"$work/client-a.log" 2>&1 &
pids+=($!)
ip netns exec "$ns_b" java -jar "$client_jar" daemon --config "$work/b/client.json" >"$work/client-b.log" 2>&1 &
pids+=($!)
log "started mediation server (pid $server_pid) and client daemons (pids ${pids[1]} ${pids[2]})"

wait_for() { # description tries command...
    local what="$1" tries="$2"
    shift 2
    for _ in $(seq 1 "$tries"); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    fail "timed out waiting for $what"
}
wait_for "mediation server port" 60 ip netns exec "$ns_srv" bash -c 'exec 3<>/dev/tcp/203.0.113.10/12975'
wait_for "client a socket" 60 test -S "$work/a/control/kampachi.sock"
wait_for "client b socket" 60 test -S "$work/b/control/kampachi.sock"

# ---- login, create, join ----------------------------------------------------------------------------
cli a login
cli b login
address_a="$(cli a status | awk '$1 == "address" {print $2}')"
address_b="$(cli b status | awk '$1 == "address" {print $2}')"
log "Kampachi addresses: a=$address_a b=$address_b"
cli a create "demo-$run_id" "s3cret-$run_id"
if cli b join "demo-$run_id" "wrong-password" 2>"$work/join-error.txt"; then
    fail "join with a wrong password succeeded"
fi
log "join with a wrong password rejected: $(cat "$work/join-error.txt")"
cli b join "demo-$run_id" "s3cret-$run_id"

tunnel_up() {
    cli a list | grep -E "$address_b .* online +direct-udp" && cli b list | grep -E "$address_a .* online +direct-udp"
}
wait_for "tunnel a<->b" 45 tunnel_up
log "network as a sees it:"
cli a list
log "network as b sees it:"
cli b list

# ---- 1. ping both ways ------------------------------------------------------------------------------
ping_ab="$(ip netns exec "$ns_a" ping -c 5 -i 0.2 -W 2 "$address_b")" || fail "ping a -> b: $ping_ab"
ping_ba="$(ip netns exec "$ns_b" ping -c 5 -i 0.2 -W 2 "$address_a")" || fail "ping b -> a: $ping_ba"
log "ping a -> b: $(grep -E 'packets transmitted|rtt' <<<"$ping_ab" | tr '\n' ' ')"
log "ping b -> a: $(grep -E 'packets transmitted|rtt' <<<"$ping_ba" | tr '\n' ' ')"

# ---- 2. 64 MiB over TCP: a checksummed copy, then iperf3 for the rate --------------------------------
# iperf3 stops reading when its test ends, so its -F output can miss the last bytes in flight.
# The copy therefore uses a plain socket pair that reads until the sender closes.
head -c $((64 * 1024 * 1024)) /dev/urandom >"$work/payload.bin"
ip netns exec "$ns_b" timeout 120 python3 -c '
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((sys.argv[1], 5202))
server.listen(1)
server.settimeout(60)
conn, _ = server.accept()
conn.settimeout(60)
with open(sys.argv[2], "wb") as out:
    while True:
        data = conn.recv(1 << 16)
        if not data:
            break
        out.write(data)
conn.close()
' "$address_b" "$work/received.bin" >"$work/copy-server.log" 2>&1 &
copy_pid=$!
pids+=("$copy_pid")
copy_listening() {
    ip netns exec "$ns_b" ss -Hltn "sport = :5202" | grep -q LISTEN
}
wait_for "copy receiver" 20 copy_listening
copy_start="$(date +%s%N)"
ip netns exec "$ns_a" timeout 120 python3 -c '
import socket, sys
with socket.create_connection((sys.argv[1], 5202), timeout=60) as conn, open(sys.argv[2], "rb") as source:
    conn.sendfile(source)
    conn.shutdown(socket.SHUT_WR)
    conn.recv(1)
' "$address_b" "$work/payload.bin" >"$work/copy-client.log" 2>&1 || fail "copy a -> b: $(cat "$work/copy-client.log")"
wait "$copy_pid" || fail "copy receiver: $(cat "$work/copy-server.log")"
copy_millis=$(( ($(date +%s%N) - copy_start) / 1000000 ))
sent_sum="$(sha256sum <"$work/payload.bin" | cut -d' ' -f1)"
received_sum="$(sha256sum <"$work/received.bin" | cut -d' ' -f1)"
[ "$sent_sum" = "$received_sum" ] || fail "transfer corrupted: sent $sent_sum, received $received_sum"
log "64 MiB copied a -> b in ${copy_millis} ms ($(( 64 * 8 * 1000 / (copy_millis + 1) )) Mbit/s), SHA-256 matches: $sent_sum"

ip netns exec "$ns_b" timeout 120 iperf3 -s -1 -B "$address_b" -p 5201 >"$work/iperf-server.log" 2>&1 &
iperf_pid=$!
pids+=("$iperf_pid")
iperf_listening() {
    ip netns exec "$ns_b" ss -Hltn "sport = :5201" | grep -q LISTEN
}
wait_for "iperf3 server" 20 iperf_listening
ip netns exec "$ns_a" timeout 120 iperf3 -c "$address_b" -p 5201 -n 64M -f m >"$work/iperf-client.log" 2>&1 \
    || fail "iperf3 transfer: $(tail -n 5 "$work/iperf-client.log")"
rate="$(awk '/sender/ {for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") r = $i} END {print r}' \
    "$work/iperf-client.log")"
log "iperf3 a -> b, 64 MiB over TCP: ${rate:-?} Mbit/s"

# ---- 3. spoofed inner source ------------------------------------------------------------------------
spoofed="100.127.255.254"
before="$(cli b status | awk '$1 == "drop.spoofed-source" {print $2}')"
ip -n "$ns_a" addr add "$spoofed/32" dev kam0
if ip netns exec "$ns_a" ping -c 3 -i 0.2 -W 1 -I "$spoofed" "$address_b" >"$work/spoof-ping.txt" 2>&1; then
    fail "a packet with the spoofed source $spoofed got an answer"
fi
after="$(cli b status | awk '$1 == "drop.spoofed-source" {print $2}')"
[ "${after:-0}" -ge $(( ${before:-0} + 3 )) ] || fail "drop.spoofed-source went from ${before:-0} to ${after:-0}"
log "3 pings from spoofed source $spoofed: none answered; b's drop.spoofed-source ${before:-0} -> $after"

# ---- 4. mediation server gone -----------------------------------------------------------------------
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
log "mediation server killed (pid $server_pid)"
sleep 2
ping_after="$(ip netns exec "$ns_a" ping -c 5 -i 0.2 -W 2 "$address_b")" || fail "ping after server loss: $ping_after"
log "ping a -> b without the server: $(grep -E 'packets transmitted|rtt' <<<"$ping_after" | tr '\n' ' ')"
ping_after_ba="$(ip netns exec "$ns_b" ping -c 5 -i 0.2 -W 2 "$address_a")" || fail "ping b -> a after server loss"
log "ping b -> a without the server: $(grep -E 'packets transmitted' <<<"$ping_after_ba")"
log "a's status and counters:"
cli a status
log "b's status and counters:"
cli b status

status=0
log "PASS: ping both ways, 64 MiB intact, spoofed source dropped, tunnel survives the server"
