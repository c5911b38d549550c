#!/usr/bin/env bash
# Measures tunnel throughput between two Kampachi clients in network namespaces.
#
# Same hosts as run-demo.sh: a mediation server at 203.0.113.10 and clients a (203.0.113.51) and
# b (203.0.113.61), each in its own namespace on a bridge, with no route out. Once the tunnel is up
# it runs ping, then iperf3 over TCP for DURATION seconds a -> b and b -> a, PASSES times, then ping
# again. It prints the rates, the daemons' CPU time per datagram and the drop counters of UDP, of
# the TUN devices and of the daemons.
#
# Usage: measure-throughput.sh [CLIENT_JAR [MEDIATION_JAR]]
# Environment:
#   DURATION          seconds per iperf3 run (default 10)
#   PASSES            iperf3 runs per direction (default 1)
#   CLIENT_JAVA_OPTS  extra JVM options for both clients. "@NAME@" is replaced by the client's name, for
#                     example in a JFR file name.
#   KEEP              a folder that receives the logs and recordings
#   HOLD              seconds to keep the namespaces and daemons up at the end, for inspection
# Needs root, ip, ping, iperf3, openssl, nstat and java.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
client_jar="${1:-$root/vertx-client/target/kampachi-client.jar}"
mediation_jar="${2:-$root/vertx-mediation/target/kampachi-mediation.jar}"
duration="${DURATION:-10}"
passes="${PASSES:-1}"
hold="${HOLD:-0}"

[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in ip ping iperf3 openssl java nstat timeout; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: '$tool' is missing"; exit 77; }
done
[ -f "$client_jar" ] && [ -f "$mediation_jar" ] || { echo "SKIP: jars not built"; exit 77; }
[ "$duration" -ge 1 ] && [ "$duration" -le 60 ] || { echo "DURATION must be 1..60"; exit 2; }
[ "$passes" -ge 0 ] && [ "$passes" -le 10 ] || { echo "PASSES must be 0..10"; exit 2; }
[ "$hold" -ge 0 ] && [ "$hold" -le 600 ] || { echo "HOLD must be 0..600"; exit 2; }

run_id="$(printf '%04x%04x' $$ $((RANDOM)))"
ns_inet="km-$run_id-inet"
ns_srv="km-$run_id-srv"
ns_a="km-$run_id-a"
ns_b="km-$run_id-b"
work="$(mktemp -d "/tmp/kampachi-measure-$run_id.XXXXXX")"
pids=()
namespaces=()

log() {
    printf '[measure %s] %s\n' "$(date +%H:%M:%S)" "$*"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    for ns in "${namespaces[@]}"; do
        ip netns del "$ns" 2>/dev/null || true
    done
    if [ -n "${KEEP:-}" ]; then
        mkdir -p "$KEEP"
        cp "$work"/*.log "$work"/*.jfr "$KEEP"/ 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
    log "FAILED: $*"
    for f in "$work"/client-*.log; do
        [ -f "$f" ] && { echo "---- $(basename "$f")"; tail -n 20 "$f"; }
    done
    exit 1
}

make_ns() {
    ip netns add "$1"
    namespaces+=("$1")
    ip -n "$1" link set lo up
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
}
make_ns "$ns_inet"
ip -n "$ns_inet" link add br0 type bridge
ip -n "$ns_inet" link set br0 up
attach_host() { # namespace address port-suffix
    make_ns "$1"
    ip link add "p$3" netns "$ns_inet" type veth peer name eth0 netns "$1"
    ip -n "$ns_inet" link set "p$3" master br0 up
    ip -n "$1" addr add "$2/24" dev eth0
    ip -n "$1" link set eth0 up
}
attach_host "$ns_srv" 203.0.113.10 srv
attach_host "$ns_a" 203.0.113.51 a
attach_host "$ns_b" 203.0.113.61 b

mkdir -p "$work/srv" "$work/a" "$work/b"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/srv/server-key.pem" 2>/dev/null
openssl pkey -in "$work/srv/server-key.pem" -pubout -out "$work/server-pub.pem" 2>/dev/null
fingerprint="$(java -jar "$client_jar" key-fingerprint "$work/server-pub.pem")"
cat >"$work/srv/mediation.json" <<JSON
{
  "dataDir": "$work/srv/data",
  "control": {"host": "203.0.113.10", "port": 12975, "instances": 1},
  "probe": {"host": "203.0.113.10", "port": 12975},
  "keys": {"files": ["$work/srv/server-key.pem"], "generate": false},
  "passwords": {"scryptCost": 1024},
  "cluster": {"name": "kampachi-measure-$run_id", "host": "127.0.0.1", "port": 5701,
              "members": ["127.0.0.1:5701"], "eventBusHost": "127.0.0.1"}
}
JSON
for name in a b; do
    cat >"$work/$name/client.json" <<JSON
{
  "server": {"host": "203.0.113.10", "port": 12975, "fingerprint": "$fingerprint",
             "publicKeyFile": "$work/server-pub.pem"},
  "stateDir": "$work/$name/state",
  "controlSocket": "$work/$name/control/kampachi.sock",
  "udpPort": 4500,
  "nickname": "$name",
  "tun": {"name": "kam0"}
}
JSON
done
cli() { # name args...
    local name="$1"
    shift
    java -jar "$client_jar" "$@" -c "$work/$name/client.json"
}

ip netns exec "$ns_srv" java -jar "$mediation_jar" --config "$work/srv/mediation.json" >"$work/mediation.log" 2>&1 &
pids+=($!)
for name in a b; do
    ns_var="ns_$name"
    opts="${CLIENT_JAVA_OPTS:-}"
    read -r -a client_opts <<<"${opts//@NAME@/$name}"
    (cd "$work" && exec ip netns exec "${!ns_var}" java "${client_opts[@]}" -jar "$client_jar" daemon \
        --config "$work/$name/client.json") >"$work/client-$name.log" 2>&1 &
    pids+=($!)
done

wait_for() { # description tries command...
    local what="$1" tries="$2"
    shift 2
    for _ in $(seq 1 "$tries"); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 1
    done
    fail "timed out waiting for $what"
}
wait_for "mediation server" 60 ip netns exec "$ns_srv" bash -c 'exec 3<>/dev/tcp/203.0.113.10/12975'
wait_for "client a" 60 test -S "$work/a/control/kampachi.sock"
wait_for "client b" 60 test -S "$work/b/control/kampachi.sock"
cli a login >/dev/null
cli b login >/dev/null
address_a="$(cli a status | awk '$1 == "address" {print $2}')"
address_b="$(cli b status | awk '$1 == "address" {print $2}')"
cli a create "m-$run_id" "pw-$run_id" >/dev/null
cli b join "m-$run_id" "pw-$run_id" >/dev/null
tunnel_up() {
    cli a list | grep -E "$address_b .* online +direct-udp" && cli b list | grep -E "$address_a .* online +direct-udp"
}
wait_for "tunnel a<->b" 45 tunnel_up
log "tunnel up: a=$address_a b=$address_b; nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"

ip netns exec "$ns_a" ping -c 20 -i 0.05 -W 2 "$address_b" >"$work/ping-warm.log" 2>&1 || true
ping_out="$(ip netns exec "$ns_a" ping -c 50 -i 0.05 -W 2 "$address_b")" || fail "ping: $ping_out"
log "ping a -> b: $(grep -E 'rtt' <<<"$ping_out")"

ip netns exec "$ns_a" nstat -n >/dev/null
ip netns exec "$ns_b" nstat -n >/dev/null
ip netns exec "$ns_b" timeout $(( (duration + 15) * 2 * passes + 30 )) iperf3 -s -B "$address_b" -p 5201 \
    >"$work/iperf-server.log" 2>&1 &
pids+=($!)
wait_for "iperf3 server" 20 bash -c "ip netns exec $ns_b ss -Hltn 'sport = :5201' | grep -q LISTEN"
daemon_ticks() { # user + system clock ticks of both client daemons
    local total=0 pid
    for pid in "${pids[1]}" "${pids[2]}"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$total"
}
udp_out() { # datagrams sent by both clients' namespaces
    local total=0 ns
    for ns in "$ns_a" "$ns_b"; do
        total=$((total + $(ip netns exec "$ns" nstat -az 2>/dev/null | awk '$1 == "UdpOutDatagrams" {print $2}')))
    done
    echo "$total"
}
ticks_before="$(daemon_ticks)"
datagrams_before="$(udp_out)"
rate() {
    awk '/sender/ {for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") r = $i} END {print r}' "$1"
}
for pass in $(seq 1 "$passes"); do
    for direction in ab ba; do
        extra=()
        [ "$direction" = ba ] && extra=(-R)
        out="$work/iperf-$pass-$direction.log"
        ip netns exec "$ns_a" timeout $((duration + 20)) iperf3 -c "$address_b" -p 5201 -t "$duration" -f m \
            "${extra[@]}" >"$out" 2>&1 || fail "iperf3: $(tail -n 3 "$out")"
        retr="$(awk '/sender/ {print $(NF-1)}' "$out")"
        log "pass $pass iperf3 ${direction:0:1} -> ${direction:1:1}: $(rate "$out") Mbit/s (retransmits ${retr:-?})"
    done
done
ping_out="$(ip netns exec "$ns_a" ping -c 50 -i 0.05 -W 2 "$address_b")" || fail "ping: $ping_out"
log "ping a -> b after the runs: $(grep -E 'rtt' <<<"$ping_out")"
ticks=$(( $(daemon_ticks) - ticks_before ))
datagrams=$(( $(udp_out) - datagrams_before ))
log "daemon CPU, both ends: $((ticks * 1000000 / $(getconf CLK_TCK))) us for $datagrams datagrams," \
    "$((datagrams > 0 ? ticks * 1000000 / $(getconf CLK_TCK) / datagrams : 0)) us per datagram"
for name in a b; do
    ns_var="ns_$name"
    log "$name: UDP counters: $(ip netns exec "${!ns_var}" nstat -az 2>/dev/null \
        | awk '$1 ~ /^Udp(InErrors|RcvbufErrors|SndbufErrors|InDatagrams|OutDatagrams)$/ {printf "%s=%s ", $1, $2}')"
    log "$name: kam0 drops: $(ip -n "${!ns_var}" -s link show kam0 \
        | awk '/RX:/ {getline; rx = $4} /TX:/ {getline; tx = $4} END {printf "rx=%s tx=%s", rx, tx}')"
    log "$name: daemon counters: $(cli "$name" status | awk '$1 ~ /^(tun|drop)\./ {printf "%s=%s ", $1, $2}')"
done
if [ "$hold" -gt 0 ]; then
    log "holding for $hold s: namespaces $ns_a $ns_b, daemon pids ${pids[1]} ${pids[2]}"
    sleep "$hold" &
    wait $!
fi
