#!/usr/bin/env bash
# Side-by-side benchmark of Kampachi and other user-space VPNs between two network namespaces.
#
#   sudo ./run.sh                      # all systems, results-<timestamp>.md beside this script
#   SYSTEMS="veth wireguard-go kampachi" ./run.sh
#   PASSES=2 ./run.sh                  # every system twice (interleaved), plus a pooled summary table
#
# To add a system: write sys_<name> (bring the tunnel up in $NSA/$NSB, set TARGET, DPIDS_A, DPIDS_B,
# MTU, CRYPTO, NOTE; start daemons with bg_in so they are killed by PID), optionally settle_<name>,
# and add <name> to ALL_SYSTEMS.
#
# Kampachi (system "kampachi") needs java 17 on PATH and the two fat jars of this repository, built
# with `mvn -B -q package -DskipTests`: vertx-mediation/target/kampachi-mediation.jar and
# vertx-client/target/kampachi-client.jar (KAMPACHI_MEDIATION_JAR / KAMPACHI_CLIENT_JAR override them).
# sys_kampachi starts a mediation server in vb-a bound to 198.51.100.1, with a fresh RSA key, the
# address pool 100.64.0.0/24 and Hazelcast on the loopback of vb-a. It then starts one client daemon
# in each namespace that pins that key, logs both in, creates and joins one network, and waits
# (bounded) until both sides report the path direct-udp. TARGET is the address the server assigned
# to b, read with `status`. Only the two client daemons count as tunnel daemons (DPIDS_A/DPIDS_B),
# because the mediation server is idle once the tunnel is up. settle_kampachi sends 3 s of iperf3
# TCP through the tunnel, so the JIT has compiled the data path before pings and measured runs.
#
# Topology (re-created from scratch for every system):
#   netns vb-a  [vb-veth-a 198.51.100.1/24] <--veth--> [vb-veth-b 198.51.100.2/24]  netns vb-b
#   tunnel/overlay: 100.64.0.1 (in vb-a)  <-->  100.64.0.2 (in vb-b) (Kampachi: addresses from its pool)
# Nothing is routed out of the namespaces: they contain only lo, the veth end and the tunnel device,
# and no default route. All keys/certs/configs live in a mktemp dir under /tmp and are removed on exit.
#
# Per system: bring tunnel up -> ping check over the overlay -> latency (ping -c 200 -i 0.01,
# overlay and underlay) -> iperf3 TCP 1 stream (IPERF_RUNS x IPERF_TIME s, median) -> iperf3 TCP -P 4
# -> iperf3 UDP 1 stream at UDP_RATE offered -> tear down. CPU seconds of the tunnel daemons are read
# from /proc/PID/stat (utime+stime, all threads) around every iperf3 run.
#
# Requires: iproute2, iperf3, iputils-ping, jq, and per system: wireguard-go + wireguard-tools,
# nebula, tinc (1.0), n2n (1.3), openvpn (2.6), kampachi (java 17, openssl, the two jars). Must run
# as root.
#
# Knobs (env): SYSTEMS, IPERF_TIME (10), IPERF_RUNS (3), PING_COUNT (200), PING_INTERVAL (0.01),
#   UDP (1=on), UDP_RATE (1G), UDP_LEN (1200), UDP_TIME (5), OPENSSL_SPEED (1=on), PASSES (1),
#   QUIET_BUSY (10 %), QUIET_MAX_WAIT (180 s), RESULTS (path), LOGDIR, KAMPACHI_CLIENT_JAR,
#   KAMPACHI_MEDIATION_JAR.
#
# Shared machines: before measuring each system the script waits (bounded) until CPU use by processes that
# it did not start ("foreign" CPU) is below QUIET_BUSY %, and it reports foreign CPU during every run.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ALL_SYSTEMS="veth wireguard-go nebula tinc tinc-aes n2n openvpn-cbc openvpn-gcm kampachi"
SYSTEMS=${SYSTEMS:-$ALL_SYSTEMS}
IPERF_TIME=${IPERF_TIME:-10}
IPERF_RUNS=${IPERF_RUNS:-3}
PING_COUNT=${PING_COUNT:-200}
PING_INTERVAL=${PING_INTERVAL:-0.01}
UDP=${UDP:-1}
UDP_RATE=${UDP_RATE:-1G}
UDP_LEN=${UDP_LEN:-1200}
UDP_TIME=${UDP_TIME:-5}
OPENSSL_SPEED=${OPENSSL_SPEED:-1}
PASSES=${PASSES:-1}
QUIET_BUSY=${QUIET_BUSY:-10}          # % foreign CPU below which the machine counts as quiet
QUIET_MAX_WAIT=${QUIET_MAX_WAIT:-180} # s to wait for quiet before measuring anyway
TS=$(date -u +%Y%m%d-%H%M%S)
RESULTS=${RESULTS:-$HERE/results-$TS.md}
LOGDIR=${LOGDIR:-/tmp/vb-bench-logs-$TS}
REPO_ROOT=$(cd "$HERE/../.." && pwd)
KAMPACHI_CLIENT_JAR=${KAMPACHI_CLIENT_JAR:-$REPO_ROOT/vertx-client/target/kampachi-client.jar}
KAMPACHI_MEDIATION_JAR=${KAMPACHI_MEDIATION_JAR:-$REPO_ROOT/vertx-mediation/target/kampachi-mediation.jar}

NSA=vb-a; NSB=vb-b
VETHA=vb-veth-a; VETHB=vb-veth-b
UA=198.51.100.1; UB=198.51.100.2
OA=100.64.0.1; OB=100.64.0.2
IPERF_PORT=5201
CLK_TCK=$(getconf CLK_TCK)

[ "$(id -u)" = 0 ] || { echo "run.sh: must run as root" >&2; exit 1; }
for t in ip iperf3 ping jq awk timeout; do
  command -v "$t" >/dev/null || { echo "run.sh: missing tool $t" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/vb-bench.XXXXXX)
mkdir -p "$LOGDIR"
PIDS=()          # every background process this script started (killed by PID on exit)
WG_SOCKS=()      # wireguard-go UAPI sockets to remove

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

kill_pid() {     # TERM, wait up to 3 s, then KILL; only PIDs we started
  local p=$1 i
  kill -0 "$p" 2>/dev/null || return 0
  kill -TERM "$p" 2>/dev/null
  for i in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
  return 0
}

teardown() {     # stop everything of the current system and remove the namespaces
  local p s
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill_pid "$p"; done
  PIDS=()
  for s in "${WG_SOCKS[@]:-}"; do [ -n "$s" ] && rm -f "$s"; done
  WG_SOCKS=()
  ip netns del "$NSA" 2>/dev/null
  ip netns del "$NSB" 2>/dev/null
  return 0
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  teardown
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start CMD... in namespace NS in the background; prints nothing, stores PID in $LASTPID.
# `ip netns exec` execs the command, so $! is the daemon's own PID.
bg_in() {
  local ns=$1 logf=$2; shift 2
  ip netns exec "$ns" "$@" >"$logf" 2>&1 </dev/null &
  LASTPID=$!
  PIDS+=("$LASTPID")
}

setup_ns() {
  teardown
  ip netns add "$NSA" && ip netns add "$NSB" &&
  ip link add "$VETHA" netns "$NSA" type veth peer name "$VETHB" netns "$NSB" &&
  ip -n "$NSA" addr add "$UA/24" dev "$VETHA" && ip -n "$NSB" addr add "$UB/24" dev "$VETHB" &&
  ip -n "$NSA" link set lo up && ip -n "$NSB" link set lo up &&
  ip -n "$NSA" link set "$VETHA" up && ip -n "$NSB" link set "$VETHB" up
}

proc_ticks() {   # utime+stime (all threads) of PID in clock ticks, or empty
  [ -r "/proc/$1/stat" ] || return 0
  sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
sum_ticks() { local p t s=0; for p in "$@"; do t=$(proc_ticks "$p"); s=$((s + ${t:-0})); done; echo "$s"; }
pid_snapshot() { local p; for p in $DPIDS_A $DPIDS_B; do echo "$p $(cat /proc/$p/comm 2>/dev/null) $(proc_ticks "$p")"; done; }
udp_in() {       # UDP InDatagrams of namespace $1 (per-netns /proc/net/snmp)
  ip netns exec "$1" awk '/^Udp:/{n++; if(n==1){for(i=1;i<=NF;i++) h[i]=$i} else {for(i=1;i<=NF;i++) if(h[i]=="InDatagrams") print $i}}' /proc/net/snmp
}
host_cpu() {     # "busy total steal" jiffies from /proc/stat (all CPUs; busy excludes idle, iowait, steal)
  awk '/^cpu /{t=0; for(i=2;i<=9;i++) t+=$i; print t-$5-$6-$9, t, $9}' /proc/stat
}
# "Foreign" CPU: clock ticks (utime+stime+cutime+cstime) of all user-space processes outside this script's
# process group (everything the script starts stays in its group; kernel threads are skipped, so kernel
# work done for our own traffic is not counted). Children reaped by a foreign parent show up in its cutime.
# On a shared machine this shows when something else competed for the CPUs. Approximate by design.
MYPGRP=$(sed 's/^.*) //' /proc/$$/stat | awk '{print $3}')
foreign_ticks() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v pg="$MYPGRP" '{ sub(/^.*\) /, ""); if ($3 == pg) next; if (int($7 / 2097152) % 2 == 1) next; s += $12 + $13 + $14 + $15 } END { printf "%d\n", s }'
}
foreign_pct() { echo "$1 $2 $3 $4" | awk '{ t = $4 - $3; f = $2 - $1; if (f < 0) f = 0; if (t > 0) printf "%.0f", 100 * f / t; else print "NA" }'; }
host_total() { awk '/^cpu /{t=0; for(i=2;i<=9;i++) t+=$i; print t}' /proc/stat; }
# measure foreign CPU (% of all CPUs) over $1 seconds
foreign_idle() {
  local f0 f1 t0 t1
  f0=$(foreign_ticks); t0=$(host_total)
  sleep "$1"
  t1=$(host_total); f1=$(foreign_ticks)
  foreign_pct "$f0" "$f1" "$t0" "$t1"
}
# wait (bounded by QUIET_MAX_WAIT s) until foreign CPU over 2 s is below QUIET_BUSY %; sets QUIET_F, QUIET_WAITED
quiet_wait() {
  local t0=$SECONDS f
  while :; do
    f=$(foreign_idle 2)
    if [ "$f" = NA ] || [ "$f" -lt "$QUIET_BUSY" ] || [ $((SECONDS - t0)) -ge "$QUIET_MAX_WAIT" ]; then break; fi
    log "$SYS: machine busy with other work (foreign CPU $f %), waiting"
  done
  QUIET_F=$f; QUIET_WAITED=$((SECONDS - t0))
}

median() { printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g | awk '{a[NR]=$1} END{ if(NR==0) print "NA"; else if(NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }

# ping stats from one or more concatenated ping outputs: "avg p99 min max mdev loss%"
# (all computed from the per-packet samples; mdev as ping computes it: sqrt(mean(x^2) - mean(x)^2))
ping_stats() {
  awk '
    /packets transmitted/ { tx += $1; rx += $4 }
    { for (i = 1; i <= NF; i++) if ($i ~ /^time=[0-9.]+$/) { v = substr($i, 6) + 0; a[++n] = v; s += v; q += v * v } }
    END {
      loss = (tx > 0) ? sprintf("%.1f", 100 * (tx - rx) / tx) : "NA"
      if (n == 0) { print "NA NA NA NA NA", loss; exit }
      # insertion sort is fine for a few hundred samples; keep it portable (mawk has no asort)
      for (i = 2; i <= n; i++) { v = a[i]; j = i - 1; while (j > 0 && a[j] > v) { a[j+1] = a[j]; j-- } a[j+1] = v }
      k = int(0.99 * n); if (k < 0.99 * n) k++; if (k < 1) k = 1
      m = s / n; d = q / n - m * m; if (d < 0) d = 0
      printf "%.3f %.3f %.3f %.3f %.3f %s\n", m, a[k], a[1], a[n], sqrt(d), loss
    }' "$@"
}

wait_overlay() { # bounded: up to ~40 s
  local i
  for i in $(seq 1 40); do
    ip netns exec "$NSA" ping -c 1 -W 1 "$TARGET" >/dev/null 2>&1 && return 0
    for p in $DPIDS_A $DPIDS_B; do kill -0 "$p" 2>/dev/null || { log "daemon $p died"; return 1; }; done
    sleep 0.5
  done
  return 1
}

start_iperf_server() {
  bg_in "$NSB" "$LOGDIR/$SYS.p$PASS.iperf3-server.log" iperf3 -s -p "$IPERF_PORT"
  IPERF_SRV=$LASTPID
  local i
  for i in $(seq 1 50); do
    ip netns exec "$NSB" ss -ltn 2>/dev/null | grep -q ":$IPERF_PORT " && return 0
    sleep 0.1
  done
  return 1
}

# run one iperf3 client; sets IP_MBPS IP_RETR IP_DCPU_A IP_DCPU_B IP_HOSTBUSY (percent of all CPUs)
iperf_run() {
  local tag=$1 secs=$2; shift 2
  local f="$LOGDIR/$SYS.p$PASS.iperf3-$tag.json" a0 b0 a1 b1 h0 h1 s0 s1 ua0 ub0 ua1 ub1
  s0=$(pid_snapshot); ua0=$(udp_in "$NSA"); ub0=$(udp_in "$NSB")
  local fo0 fo1
  fo0=$(foreign_ticks); a0=$(sum_ticks $DPIDS_A); b0=$(sum_ticks $DPIDS_B); h0=$(host_cpu)
  timeout $((secs + 30)) ip netns exec "$NSA" iperf3 -c "$TARGET" -p "$IPERF_PORT" -t "$secs" -J "$@" >"$f" 2>"$f.err"
  h1=$(host_cpu); a1=$(sum_ticks $DPIDS_A); b1=$(sum_ticks $DPIDS_B); fo1=$(foreign_ticks)
  IP_FOREIGN=$(foreign_pct "$fo0" "$fo1" "$(echo "$h0" | cut -d' ' -f2)" "$(echo "$h1" | cut -d' ' -f2)")
  s1=$(pid_snapshot); ua1=$(udp_in "$NSA"); ub1=$(udp_in "$NSB")
  IP_UDPIN="A $((ua1 - ua0)) / B $((ub1 - ub0))"
  IP_PERPID=$(join -j1 <(echo "$s0" | sort) <(echo "$s1" | sort) 2>/dev/null | awk -v hz="$CLK_TCK" 'NF>=5{printf "%s[%s]=%.2fs ", $2, $1, ($5-$3)/hz}')
  IP_DCPU_A=$(awk -v x="$a0" -v y="$a1" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", (y-x)/hz}')
  IP_DCPU_B=$(awk -v x="$b0" -v y="$b1" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", (y-x)/hz}')
  IP_HOSTBUSY=$(echo "$h0 $h1" | awk '{ if ($5-$2>0) printf "%.0f", 100*($4-$1)/($5-$2); else print "NA" }')
  IP_STEAL=$(echo "$h0 $h1" | awk '{ if ($5-$2>0) printf "%.0f", 100*($6-$3)/($5-$2); else print "NA" }')
  if jq -e '.error' "$f" >/dev/null 2>&1 || ! jq -e '.end' "$f" >/dev/null 2>&1; then
    IP_MBPS=ERR; IP_RETR=NA; IP_LOSS=NA; IP_SENT=NA; IP_BYTES=0
    log "$SYS iperf3 $tag failed: $(jq -r '.error // empty' "$f" 2>/dev/null) $(head -c 300 "$f.err")"
    return 1
  fi
  IP_MBPS=$(jq -r '.end.sum_received.bits_per_second / 1e6 | . * 10 | round / 10' "$f")
  IP_SENT=$(jq -r '.end.sum_sent.bits_per_second / 1e6 | . * 10 | round / 10' "$f")
  IP_RETR=$(jq -r '.end.sum_sent.retransmits // "NA"' "$f")
  IP_BYTES=$(jq -r '.end.sum_received.bytes' "$f")
  IP_LOSS=$(jq -r '(.end.sum_received.lost_percent // .end.sum.lost_percent // "NA") | if type=="number" then (. * 100 | round / 100) else . end' "$f")
  return 0
}

# ---------------------------------------------------------------- systems
# Each sys_* function brings the tunnel up in the fresh namespaces and sets:
#   TARGET (address of B to test), DPIDS_A / DPIDS_B (daemon PIDs per side), MTU, CRYPTO, NOTE.

sys_veth() {
  TARGET=$UB; DPIDS_A=""; DPIDS_B=""; MTU="1500 (veth)"; CRYPTO="none"; NOTE="ceiling, no tunnel"
}

sys_wireguard-go() {
  command -v wireguard-go >/dev/null && command -v wg >/dev/null || { NOTE="wireguard-go/wg not installed"; return 1; }
  local d="$WORK/wg" i
  rm -rf "$d"; mkdir -p "$d"; (umask 077; wg genkey >"$d/a.key"; wg genkey >"$d/b.key")
  wg pubkey <"$d/a.key" >"$d/a.pub"; wg pubkey <"$d/b.key" >"$d/b.pub"
  local -A dev=([a]=vbwga [b]=vbwgb) ns=([a]=$NSA [b]=$NSB) me=([a]=$OA [b]=$OB)
  local -A peerpub=([a]=$(cat "$d/b.pub") [b]=$(cat "$d/a.pub")) peerip=([a]=$OB [b]=$OA) peerul=([a]=$UB [b]=$UA)
  for s in a b; do
    rm -f "/var/run/wireguard/${dev[$s]}.sock"
    WG_SOCKS+=("/var/run/wireguard/${dev[$s]}.sock")
    bg_in "${ns[$s]}" "$LOGDIR/$SYS.p$PASS.$s.log" env WG_PROCESS_FOREGROUND=1 wireguard-go -f "${dev[$s]}"
    [ $s = a ] && DPIDS_A=$LASTPID || DPIDS_B=$LASTPID
    for i in $(seq 1 50); do [ -S "/var/run/wireguard/${dev[$s]}.sock" ] && break; sleep 0.1; done
    ip netns exec "${ns[$s]}" wg set "${dev[$s]}" private-key "$d/$s.key" listen-port 51820 \
      peer "${peerpub[$s]}" allowed-ips "${peerip[$s]}/32" endpoint "${peerul[$s]}:51820" || return 1
    ip -n "${ns[$s]}" addr add "${me[$s]}/24" dev "${dev[$s]}" && ip -n "${ns[$s]}" link set "${dev[$s]}" up || return 1
  done
  TARGET=$OB
  MTU="$(ip -n "$NSA" -o link show vbwga | grep -oE 'mtu [0-9]+' | cut -d' ' -f2) (wireguard-go default)"
  CRYPTO="ChaCha20-Poly1305 (Noise IK, fixed)"; NOTE="wireguard-go $(wireguard-go --version 2>/dev/null | grep -oE 'v[0-9.]+' | head -1)"
}

sys_nebula() {
  command -v nebula >/dev/null && command -v nebula-cert >/dev/null || { NOTE="nebula not installed"; return 1; }
  local d="$WORK/nebula"; rm -rf "$d"; mkdir -p "$d"
  ( cd "$d" && nebula-cert ca -name vb-bench-ca -duration 24h -out-crt ca.crt -out-key ca.key &&
    nebula-cert sign -ca-crt ca.crt -ca-key ca.key -name a -ip "$OA/24" -out-crt a.crt -out-key a.key &&
    nebula-cert sign -ca-crt ca.crt -ca-key ca.key -name b -ip "$OB/24" -out-crt b.crt -out-key b.key ) \
    >"$LOGDIR/$SYS.p$PASS.certs.log" 2>&1 || { NOTE="nebula-cert failed"; return 1; }
  for s in a b; do
    local lh=false hosts="[]" dev=vbneba
    [ $s = a ] && lh=true
    [ $s = b ] && { hosts="[\"$OA\"]"; dev=vbnebb; }
    cat >"$d/$s.yml" <<EOF
pki:
  ca: $d/ca.crt
  cert: $d/$s.crt
  key: $d/$s.key
static_host_map:
  "$OA": ["$UA:4242"]
lighthouse:
  am_lighthouse: $lh
  interval: 60
  hosts: $hosts
listen:
  host: 0.0.0.0
  port: 4242
punchy:
  punch: false
tun:
  disabled: false
  dev: $dev
  drop_local_broadcast: false
  drop_multicast: false
  tx_queue: 500
  mtu: 1300
logging:
  level: info
  format: text
firewall:
  conntrack:
    tcp_timeout: 12m
    udp_timeout: 3m
    default_timeout: 10m
  outbound:
    - port: any
      proto: any
      host: any
  inbound:
    - port: any
      proto: any
      host: any
EOF
  done
  bg_in "$NSA" "$LOGDIR/$SYS.p$PASS.a.log" nebula -config "$d/a.yml"; DPIDS_A=$LASTPID
  sleep 0.5
  bg_in "$NSB" "$LOGDIR/$SYS.p$PASS.b.log" nebula -config "$d/b.yml"; DPIDS_B=$LASTPID
  TARGET=$OB; MTU="1300 (nebula default)"; CRYPTO="AES-256-GCM (nebula default cipher: aes; Noise IX)"
  NOTE="nebula $(nebula -version 2>/dev/null | awk '{print $2}'), A is lighthouse, firewall allow-all (conntrack on)"
}

tinc_common() {  # $1 = extra host-config lines (cipher settings)
  command -v tincd >/dev/null || { NOTE="tincd not installed"; return 1; }
  local extra=$1 d="$WORK/tinc" s
  rm -rf "$d"
  local -A nm=([a]=vba [b]=vbb) ul=([a]=$UA [b]=$UB) ov=([a]=$OA [b]=$OB) ns=([a]=$NSA [b]=$NSB)
  for s in a b; do
    mkdir -p "$d/$s/hosts"
    {
      echo "Name = ${nm[$s]}"; echo "Interface = vbtinc$s"; echo "Mode = router"; echo "AddressFamily = ipv4"
      echo "BindToAddress = ${ul[$s]}"
      [ $s = a ] && echo "ConnectTo = vbb"
    } >"$d/$s/tinc.conf"
    printf 'Address = %s\nPort = 655\nSubnet = %s/32\n%s' "${ul[$s]}" "${ov[$s]}" "$extra" >"$d/$s/hosts/${nm[$s]}"
    printf '#!/bin/sh\nip addr add %s/24 dev "$INTERFACE"\nip link set "$INTERFACE" up\n' "${ov[$s]}" >"$d/$s/tinc-up"
    chmod +x "$d/$s/tinc-up"
    tincd -c "$d/$s" -K2048 </dev/null >>"$LOGDIR/$SYS.p$PASS.keygen.log" 2>&1 || { NOTE="tincd -K failed"; return 1; }
  done
  cp "$d/a/hosts/vba" "$d/b/hosts/vba"; cp "$d/b/hosts/vbb" "$d/a/hosts/vbb"
  bg_in "$NSB" "$LOGDIR/$SYS.p$PASS.b.log" tincd -c "$d/b" -D -d1 --pidfile="$d/b.pid"; DPIDS_B=$LASTPID
  sleep 0.3
  bg_in "$NSA" "$LOGDIR/$SYS.p$PASS.a.log" tincd -c "$d/a" -D -d1 --pidfile="$d/a.pid"; DPIDS_A=$LASTPID
  TARGET=$OB; MTU="1500 tun (tinc default; PMTU discovery + ClampMSS on)"
}
# tinc 1.0 sends packets larger than the peer's discovered minimum PMTU over its TCP meta connection
# until PMTU discovery has converged (up to ~30 probe rounds, 1/s). Measuring before that measures the
# TCP fallback, so wait (bounded) until the node dump (SIGUSR2) shows min == max.
settle_tinc_common() {
  local i line v
  for i in $(seq 1 45); do
    ip netns exec "$NSA" ping -c 1 -W 1 "$TARGET" >/dev/null 2>&1
    kill -USR2 "$DPIDS_A" 2>/dev/null
    sleep 1
    line=$(grep -E '^ *vbb at .* pmtu [0-9]+ \(min [0-9]+ max [0-9]+\)' "$LOGDIR/$SYS.p$PASS.a.log" | tail -1)
    v=$(echo "$line" | sed -nE 's/.*pmtu ([0-9]+) \(min ([0-9]+) max ([0-9]+)\).*/\1 \2 \3/p')
    set -- $v
    if [ $# = 3 ] && [ "$2" = "$3" ] && [ "$2" -gt 0 ]; then
      TINC_NODE=$(echo "$line" | sed 's/^ *//'); log "$SYS: PMTU converged after ${i}s: $TINC_NODE"; return 0
    fi
  done
  TINC_NODE="PMTU did not converge within 45 s; last dump: $(echo "$line" | sed 's/^ *//')"; log "$SYS: $TINC_NODE"
  return 0
}
settle_tinc() { settle_tinc_common; }
settle_tinc-aes() { settle_tinc_common; }
sys_tinc() {
  tinc_common "" || return 1
  CRYPTO="tinc 1.0.36 defaults: AES-256-CBC + HMAC-SHA256 truncated to 4 B (MACLength 4); RSA-2048 meta"
  NOTE="tinc $(tincd --version | awk 'NR==1{print $3}'), router mode, defaults"
}
sys_tinc-aes() {
  tinc_common $'Cipher = aes-256-cbc\nDigest = sha1\nMACLength = 12\n' || return 1
  CRYPTO="AES-256-CBC + HMAC-SHA1-96 (Cipher/Digest/MACLength set; = Kampachi's suite)"
  NOTE="tinc $(tincd --version | awk 'NR==1{print $3}'), router mode"
}

sys_n2n() {
  command -v edge >/dev/null && command -v supernode >/dev/null || { NOTE="n2n not installed"; return 1; }
  bg_in "$NSA" "$LOGDIR/$SYS.p$PASS.supernode.log" supernode -l 7654; local sn=$LASTPID
  sleep 0.3
  bg_in "$NSA" "$LOGDIR/$SYS.p$PASS.a.log" edge -d vbn2na -a "$OA" -s 255.255.255.0 -c vbbench -k vb-bench-key -l "$UA:7654" -p 7655
  DPIDS_A="$LASTPID $sn"
  bg_in "$NSB" "$LOGDIR/$SYS.p$PASS.b.log" edge -d vbn2nb -a "$OB" -s 255.255.255.0 -c vbbench -k vb-bench-key -l "$UA:7654" -p 7655
  DPIDS_B=$LASTPID
  TARGET=$OB; MTU="1400 TAP (n2n default -M 1400)"
  CRYPTO="Twofish (n2n v1 built-in, key from -k); no MAC"
  NOTE="n2n 1.3.2 (Debian 1.3.1~svn3789), L2/TAP, supernode in vb-a (its CPU counted on side A)"
}

ovpn_common() {  # $1 = mode-specific args for A, $2 = for B (word-split on purpose)
  command -v openvpn >/dev/null || { NOTE="openvpn not installed (apt-get install openvpn)"; return 1; }
  local base="--dev-type tun --proto udp --lport 1194 --rport 1194 --disable-dco --verb 3 --ping 10"
  # shellcheck disable=SC2086
  bg_in "$NSA" "$LOGDIR/$SYS.p$PASS.a.log" openvpn --dev vbovpna $base --local "$UA" --remote "$UB" --ifconfig "$OA" "$OB" $1
  DPIDS_A=$LASTPID
  # shellcheck disable=SC2086
  bg_in "$NSB" "$LOGDIR/$SYS.p$PASS.b.log" openvpn --dev vbovpnb $base --local "$UB" --remote "$UA" --ifconfig "$OB" "$OA" $2
  DPIDS_B=$LASTPID
  TARGET=$OB; MTU="1500 tun, mssfix 1492 (openvpn 2.6 defaults)"
}
sys_openvpn-cbc() {
  local d="$WORK/ovpn"; rm -rf "$d"; mkdir -p "$d"
  command -v openvpn >/dev/null || { NOTE="openvpn not installed (apt-get install openvpn)"; return 1; }
  openvpn --genkey secret "$d/static.key" >"$LOGDIR/$SYS.p$PASS.keygen.log" 2>&1 || { NOTE="openvpn --genkey failed"; return 1; }
  ovpn_common "--secret $d/static.key 0 --cipher AES-256-CBC --auth SHA1" \
              "--secret $d/static.key 1 --cipher AES-256-CBC --auth SHA1" || return 1
  CRYPTO="AES-256-CBC + HMAC-SHA1 (160-bit tag), static-key p2p mode (deprecated in 2.6)"
  NOTE="openvpn $(openvpn --version 2>/dev/null | awk 'NR==1{print $2}'), userspace (--disable-dco)"
}
sys_openvpn-gcm() {
  local d="$WORK/ovpn"; rm -rf "$d"; mkdir -p "$d"
  command -v openvpn >/dev/null || { NOTE="openvpn not installed (apt-get install openvpn)"; return 1; }
  for s in a b; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -subj "/CN=vb-$s" -keyout "$d/$s.key" -out "$d/$s.crt" >>"$LOGDIR/$SYS.p$PASS.keygen.log" 2>&1 || { NOTE="openssl req failed"; return 1; }
  done
  local fa fb
  fa=$(openssl x509 -in "$d/a.crt" -noout -fingerprint -sha256 | cut -d= -f2)
  fb=$(openssl x509 -in "$d/b.crt" -noout -fingerprint -sha256 | cut -d= -f2)
  ovpn_common "--tls-server --dh none --cert $d/a.crt --key $d/a.key --peer-fingerprint $fb" \
              "--tls-client --cert $d/b.crt --key $d/b.key --peer-fingerprint $fa" || return 1
  CRYPTO="negotiated data cipher (2.6 default data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305), TLS p2p"
  NOTE="openvpn $(openvpn --version 2>/dev/null | awk 'NR==1{print $2}'), userspace (--disable-dco), peer-fingerprint certs"
}

# Kampachi: a mediation server in vb-a on the underlay address and one client daemon per namespace.
# Runs one CLI command against the daemon of side $1 (a or b), with a 30 s time limit.
kam_cli() {
  local s=$1; shift
  timeout 30 java -jar "$KAMPACHI_CLIENT_JAR" "$@" -c "$WORK/kampachi/$s/client.json"
}
# Retries a command once a second, at most $2 times. Sets NOTE and fails if it times out or a process died.
kam_wait() {
  local what=$1 tries=$2 i p; shift 2
  for i in $(seq 1 "$tries"); do
    "$@" >/dev/null 2>&1 && return 0
    for p in $KAM_SRV $DPIDS_A $DPIDS_B; do kill -0 "$p" 2>/dev/null || { NOTE="process $p died while waiting for $what"; return 1; }; done
    sleep 1
  done
  NOTE="timed out waiting for $what"; return 1
}
# Succeeds when both daemons list the other one online over direct-udp.
kam_path_up() {
  kam_cli a list | grep -qE "$KAM_B .* online +direct-udp" && kam_cli b list | grep -qE "$KAM_A .* online +direct-udp"
}
sys_kampachi() {
  command -v java >/dev/null && command -v openssl >/dev/null || { NOTE="java or openssl not installed"; return 1; }
  [ -f "$KAMPACHI_CLIENT_JAR" ] && [ -f "$KAMPACHI_MEDIATION_JAR" ] || { NOTE="jars not built (mvn -B -q package -DskipTests)"; return 1; }
  local d="$WORK/kampachi" s fp port=12975
  local -A ns=([a]=$NSA [b]=$NSB) dev=([a]=vbkama [b]=vbkamb)
  rm -rf "$d"; mkdir -p "$d/srv" "$d/a" "$d/b"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/srv/server-key.pem" 2>>"$LOGDIR/$SYS.p$PASS.keygen.log" &&
    openssl pkey -in "$d/srv/server-key.pem" -pubout -out "$d/server-pub.pem" 2>>"$LOGDIR/$SYS.p$PASS.keygen.log" ||
    { NOTE="server key generation failed"; return 1; }
  fp=$(timeout 30 java -jar "$KAMPACHI_CLIENT_JAR" key-fingerprint "$d/server-pub.pem") || { NOTE="key-fingerprint failed"; return 1; }
  cat >"$d/srv/mediation.json" <<EOF
{
  "dataDir": "$d/srv/data",
  "control": {"host": "$UA", "port": $port, "instances": 1},
  "probe": {"host": "$UA", "port": $port},
  "keys": {"files": ["$d/srv/server-key.pem"], "generate": false},
  "passwords": {"scryptCost": 1024},
  "addressPool": "100.64.0.0/24",
  "cluster": {"name": "vb-bench-$$", "host": "127.0.0.1", "port": 5701,
              "members": ["127.0.0.1:5701"], "eventBusHost": "127.0.0.1"}
}
EOF
  for s in a b; do
    cat >"$d/$s/client.json" <<EOF
{
  "server": {"host": "$UA", "port": $port, "fingerprint": "$fp", "publicKeyFile": "$d/server-pub.pem"},
  "stateDir": "$d/$s/state",
  "controlSocket": "$d/$s/control/kampachi.sock",
  "udpPort": 4500,
  "nickname": "vb$s",
  "tun": {"name": "${dev[$s]}", "prefixLength": 24}
}
EOF
  done
  bg_in "$NSA" "$LOGDIR/$SYS.p$PASS.mediation.log" java -jar "$KAMPACHI_MEDIATION_JAR" --config "$d/srv/mediation.json"
  KAM_SRV=$LASTPID
  bg_in "$NSA" "$LOGDIR/$SYS.p$PASS.a.log" java -jar "$KAMPACHI_CLIENT_JAR" daemon --config "$d/a/client.json"; DPIDS_A=$LASTPID
  bg_in "$NSB" "$LOGDIR/$SYS.p$PASS.b.log" java -jar "$KAMPACHI_CLIENT_JAR" daemon --config "$d/b/client.json"; DPIDS_B=$LASTPID
  kam_wait "mediation server" 60 ip netns exec "$NSA" bash -c "exec 3<>/dev/tcp/$UA/$port" || return 1
  kam_wait "daemon a" 60 test -S "$d/a/control/kampachi.sock" || return 1
  kam_wait "daemon b" 60 test -S "$d/b/control/kampachi.sock" || return 1
  kam_cli a login >>"$LOGDIR/$SYS.p$PASS.cli.log" 2>&1 || { NOTE="login a failed"; return 1; }
  kam_cli b login >>"$LOGDIR/$SYS.p$PASS.cli.log" 2>&1 || { NOTE="login b failed"; return 1; }
  KAM_A=$(kam_cli a status | awk '$1 == "address" {print $2}')
  KAM_B=$(kam_cli b status | awk '$1 == "address" {print $2}')
  [ -n "$KAM_A" ] && [ -n "$KAM_B" ] || { NOTE="no Kampachi address after login"; return 1; }
  kam_cli a create vb-bench vb-bench-pw >>"$LOGDIR/$SYS.p$PASS.cli.log" 2>&1 || { NOTE="create failed"; return 1; }
  kam_cli b join vb-bench vb-bench-pw >>"$LOGDIR/$SYS.p$PASS.cli.log" 2>&1 || { NOTE="join failed"; return 1; }
  kam_wait "tunnel path direct-udp" 45 kam_path_up || return 1
  TARGET=$KAM_B
  MTU="$(ip -n "$NSA" -o link show vbkama | grep -oE 'mtu [0-9]+' | cut -d' ' -f2) (Kampachi default tun.mtu)"
  CRYPTO="AES-256-CBC + HMAC-SHA1-96 (Kampachi suite 1, JCE)"
  NOTE="Kampachi $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(java -version 2>&1 | head -1); a=$KAM_A b=$KAM_B; mediation server pid $KAM_SRV in $NSA (not counted)"
}
# Sends 3 s of TCP through the tunnel, so the JIT compiles the data path before anything is measured.
settle_kampachi() {
  local srv
  bg_in "$NSB" "$LOGDIR/$SYS.p$PASS.warmup-server.log" iperf3 -s -1 -p $((IPERF_PORT + 1)); srv=$LASTPID
  sleep 0.5
  timeout 20 ip netns exec "$NSA" iperf3 -c "$TARGET" -p $((IPERF_PORT + 1)) -t 3 >"$LOGDIR/$SYS.p$PASS.warmup.log" 2>&1
  kill_pid "$srv"
  log "$SYS: JIT warm-up done: $(grep -E 'receiver' "$LOGDIR/$SYS.p$PASS.warmup.log" | awk '{print $7, $8}')"
}

# ---------------------------------------------------------------- driver
RAW="$WORK/raw.tsv"; : >"$RAW"          # one line per system and pass, for the summary
ROWS="$WORK/rows.md"; : >"$ROWS"
DETAILS="$WORK/details.md"; : >"$DETAILS"
TABLE_HEAD="| system | pass | crypto | overlay MTU | TCP 1-stream Mbit/s median (min..max) | TCP -P4 Mbit/s | UDP rx Mbit/s (loss %) | overlay ping avg / p99 ms | underlay ping avg / p99 ms | daemon CPU s / ${IPERF_TIME} s run (A+B) | Mbit/s per daemon core | host busy % / foreign % | foreign % idle before | TCP retr (median) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
EMPTY9="| | | | | | | | | |"

bench_system() {   # uses SYS, PASS
  log "=== $SYS (pass $PASS)"
  TARGET=""; DPIDS_A=""; DPIDS_B=""; MTU="?"; CRYPTO="?"; NOTE=""; TINC_NODE=""; IPERF_SRV=""; QUIET_F=NA; QUIET_WAITED=0
  if ! setup_ns; then
    log "namespace setup failed"; echo "| $SYS | $PASS | | | FAILED: namespace setup $EMPTY9" >>"$ROWS"
    printf '%s\t%s\tFAILED\n' "$SYS" "$PASS" >>"$RAW"; return
  fi
  local status=ok f p r
  if ! "sys_$SYS"; then status="FAILED to start: $NOTE"
  elif ! wait_overlay; then status="FAILED: no ping over overlay within 40 s"
  fi
  if [ "$status" != ok ]; then
    log "$SYS: $status"
    for f in "$LOGDIR/$SYS.p$PASS".*.log; do [ -f "$f" ] && { log "--- $f"; tail -n 15 "$f" >&2; }; done
    echo "| $SYS | $PASS | $CRYPTO | $MTU | $status $EMPTY9" >>"$ROWS"
    printf '%-13s %s\n' "$SYS" "$status"
    printf '%s\t%s\tFAILED\n' "$SYS" "$PASS" >>"$RAW"
    { echo "### $SYS (pass $PASS)"; echo; echo "$status"; echo
      for f in "$LOGDIR/$SYS.p$PASS".*.log; do [ -f "$f" ] && { echo "\`$f\` (tail):"; echo '```'; tail -n 15 "$f"; echo '```'; }; done; echo; } >>"$DETAILS"
    teardown; return
  fi
  ip netns exec "$NSA" ping -c 5 -i 0.2 -W 1 "$TARGET" >/dev/null 2>&1   # settle (handshakes, ARP)
  if declare -F "settle_$SYS" >/dev/null; then "settle_$SYS"; fi
  quiet_wait
  for p in $DPIDS_A $DPIDS_B; do log "$SYS daemon pid $p: $(cat /proc/$p/comm 2>/dev/null)"; done

  # latency, overlay then underlay (idle tunnel)
  local po="$LOGDIR/$SYS.p$PASS.ping-overlay.txt" pu="$LOGDIR/$SYS.p$PASS.ping-underlay.txt"
  timeout 60 ip netns exec "$NSA" ping -c "$PING_COUNT" -i "$PING_INTERVAL" -W 1 "$TARGET" >"$po" 2>&1
  timeout 60 ip netns exec "$NSA" ping -c "$PING_COUNT" -i "$PING_INTERVAL" -W 1 "$UB" >"$pu" 2>&1
  read -r P_AVG P_P99 P_MIN P_MAX P_MDEV P_LOSS < <(ping_stats "$po")
  read -r U_AVG U_P99 U_MIN U_MAX U_MDEV U_LOSS < <(ping_stats "$pu")

  local tcp=() retr=() cpus=() cpua=() cpub=() busy=() steal=() foreign=()
  RUN1_PERPID=""; RUN1_UDPIN=NA; RUN1_BPD=NA
  if start_iperf_server; then
    for r in $(seq 1 "$IPERF_RUNS"); do
      iperf_run "tcp1-$r" "$IPERF_TIME"
      tcp+=("$IP_MBPS"); retr+=("$IP_RETR"); cpua+=("$IP_DCPU_A"); cpub+=("$IP_DCPU_B"); busy+=("$IP_HOSTBUSY"); steal+=("$IP_STEAL"); foreign+=("$IP_FOREIGN")
      cpus+=("$(awk -v a="$IP_DCPU_A" -v b="$IP_DCPU_B" 'BEGIN{printf "%.2f", a+b}')")
      log "$SYS tcp1 run $r: $IP_MBPS Mbit/s retr=$IP_RETR daemonCPU A=$IP_DCPU_A B=$IP_DCPU_B s host=$IP_HOSTBUSY% foreign=$IP_FOREIGN% steal=$IP_STEAL%"
      if [ "$r" = 1 ]; then
        RUN1_PERPID=$IP_PERPID; RUN1_UDPIN=$IP_UDPIN
        RUN1_BPD=$(echo "$IP_BYTES $IP_UDPIN" | awk '{ if ($6>0) printf "%.0f", $1/$6; else print "NA" }')
      fi
    done
    iperf_run "tcpP4" "$IPERF_TIME" -P 4
    P4=$IP_MBPS; P4_RETR=$IP_RETR; P4_CPU="$IP_DCPU_A+$IP_DCPU_B"; P4_BUSY="$IP_HOSTBUSY / $IP_FOREIGN / $IP_STEAL"
    log "$SYS tcp -P4: $P4 Mbit/s retr=$P4_RETR daemonCPU $P4_CPU s host/foreign/steal=$P4_BUSY%"
    if [ "$UDP" = 1 ]; then
      iperf_run "udp" "$UDP_TIME" -u -b "$UDP_RATE" -l "$UDP_LEN"
      UDP_RX=$IP_MBPS; UDP_LOSS=$IP_LOSS
      UDP_DET="sent $IP_SENT Mbit/s, received $IP_MBPS Mbit/s, loss $IP_LOSS %, daemon CPU A=$IP_DCPU_A B=$IP_DCPU_B s, host busy $IP_HOSTBUSY %, foreign $IP_FOREIGN %, steal $IP_STEAL %"
      log "$SYS udp: $UDP_DET"
    else UDP_RX="-"; UDP_LOSS="-"; UDP_DET="not run"; fi
  else
    log "$SYS: iperf3 server did not start"; tcp=(ERR); P4=ERR; UDP_RX=ERR; UDP_LOSS=NA; UDP_DET=ERR; P4_RETR=NA; P4_CPU=NA; P4_BUSY=NA
  fi
  local T_MED T_MIN T_MAX C_MEAN B_MEAN S_MEAN F_MEAN R_MED PER_CORE
  T_MED=$(median "${tcp[@]}")
  T_MIN=$(printf '%s\n' "${tcp[@]}" | grep -E '^[0-9.]+$' | sort -g | head -1)
  T_MAX=$(printf '%s\n' "${tcp[@]}" | grep -E '^[0-9.]+$' | sort -g | tail -1)
  C_MEAN=$(printf '%s\n' "${cpus[@]:-}" | awk '/^[0-9.]+$/{s+=$1;n++} END{ if(n) printf "%.2f", s/n; else print "NA" }')
  B_MEAN=$(printf '%s\n' "${busy[@]:-}" | awk '/^[0-9.]+$/{s+=$1;n++} END{ if(n) printf "%.0f", s/n; else print "NA" }')
  S_MEAN=$(printf '%s\n' "${steal[@]:-}" | awk '/^[0-9.]+$/{s+=$1;n++} END{ if(n) printf "%.0f", s/n; else print "NA" }')
  F_MEAN=$(printf '%s\n' "${foreign[@]:-}" | awk '/^[0-9.]+$/{s+=$1;n++} END{ if(n) printf "%.0f", s/n; else print "NA" }')
  R_MED=$(median "${retr[@]:-}")
  PER_CORE=$(awk -v t="$T_MED" -v c="$C_MEAN" -v d="$IPERF_TIME" 'BEGIN{ if (t ~ /^[0-9.]+$/ && c ~ /^[0-9.]+$/ && c > 0) printf "%.0f", t/(c/d); else print "-" }')
  [ -z "$DPIDS_A$DPIDS_B" ] && { C_MEAN="-"; PER_CORE="-"; }
  echo "| $SYS | $PASS | $CRYPTO | $MTU | $T_MED (${T_MIN:-?}..${T_MAX:-?}) | $P4 | $UDP_RX ($UDP_LOSS) | $P_AVG / $P_P99 | $U_AVG / $U_P99 | $C_MEAN | $PER_CORE | $B_MEAN / $F_MEAN | $QUIET_F | $R_MED |" >>"$ROWS"
  printf '%s\t%s\tOK\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SYS" "$PASS" "$(echo "${tcp[*]}" | tr ' ' ',')" \
    "$P4" "$UDP_RX" "$UDP_LOSS" "$po" "$pu" "$C_MEAN" "$B_MEAN" "$F_MEAN" "$CRYPTO" "$MTU" "$R_MED" >>"$RAW"
  printf '%-13s %4s %10s %18s %9s %16s %18s %18s %8s %8s %9s\n' "$SYS" "$PASS" "$T_MED" "(${T_MIN:-?}..${T_MAX:-?})" "$P4" "$UDP_RX ($UDP_LOSS)" "$P_AVG/$P_P99" "$U_AVG/$U_P99" "$C_MEAN" "$PER_CORE" "$B_MEAN/$F_MEAN"
  {
    echo "### $SYS (pass $PASS)"
    echo
    echo "- $NOTE"
    echo "- TCP 1-stream runs (Mbit/s): ${tcp[*]}; retransmits: ${retr[*]:-}; daemon CPU s A: ${cpua[*]:-} B: ${cpub[*]:-}; host busy %: ${busy[*]:-}; foreign %: ${foreign[*]:-}; steal %: ${steal[*]:-}"
    echo "- before measuring: foreign CPU over 2 s idle = $QUIET_F % (waited ${QUIET_WAITED} s for it to drop below $QUIET_BUSY %)"
    echo "- TCP run 1 per-daemon CPU: ${RUN1_PERPID:-none}; underlay UDP datagrams received during run 1: $RUN1_UDPIN (iperf3 payload bytes per underlay datagram into B: $RUN1_BPD; shows the tunnel really carried the data over UDP)"
    echo "- TCP -P4: $P4 Mbit/s, retransmits $P4_RETR, daemon CPU s (A+B) $P4_CPU, host busy / foreign / steal $P4_BUSY %"
    echo "- UDP: $UDP_DET"
    echo "- overlay ping: avg $P_AVG, p99 $P_P99, min $P_MIN, max $P_MAX, mdev $P_MDEV ms, loss $P_LOSS %; underlay ping: avg $U_AVG, p99 $U_P99, min $U_MIN, max $U_MAX, mdev $U_MDEV ms, loss $U_LOSS %"
    case $SYS in tinc*) echo "- tinc node dump of peer before measuring (SIGUSR2; cipher/digest are OpenSSL NIDs: 427 = aes-256-cbc, 91 = bf-cbc, 672 = sha256, 64 = sha1): $TINC_NODE";; esac
    case $SYS in openvpn*) echo "- openvpn data channel (log): $(grep -hoE "Data Channel: cipher '[^']+'" "$LOGDIR/$SYS.p$PASS.a.log" | sort -u | tr '\n' ' ')";; esac
    echo
  } >>"$DETAILS"
  teardown
}

# pooled summary over passes: TCP median over all single-stream runs, -P4/UDP median of passes,
# ping avg/p99 over all samples of all passes, CPU/busy/foreign mean of passes.
summarize() {
  local s lines runs p4s udps losses pofiles pufiles cpu busy stl crypto mtu n ok
  echo "| system | passes | crypto | overlay MTU | TCP 1-stream Mbit/s median of all runs (min..max) [per-pass medians] | TCP -P4 Mbit/s median [per pass] | UDP rx Mbit/s median (loss %) | overlay ping avg / p99 ms (all samples) | underlay ping avg / p99 ms | daemon CPU s / ${IPERF_TIME} s run (A+B) | Mbit/s per daemon core | host busy % / foreign % |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for s in $SYSTEMS; do
    declare -F "sys_$s" >/dev/null || continue
    n=$(awk -F'\t' -v s="$s" '$1==s' "$RAW" | wc -l); ok=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"' "$RAW" | wc -l)
    if [ "$ok" = 0 ]; then echo "| $s | $n | | | FAILED in all passes | | | | | | | |"; continue; fi
    runs=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $4}' "$RAW" | tr ',' '\n')
    local pm=() ; while read -r l; do pm+=("$(median $(echo "$l" | tr ',' ' '))"); done < <(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $4}' "$RAW")
    p4s=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $5}' "$RAW")
    udps=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $6}' "$RAW")
    losses=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $7}' "$RAW")
    pofiles=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $8}' "$RAW")
    pufiles=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $9}' "$RAW")
    cpu=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK" && $10 ~ /^[0-9.]+$/ {t+=$10; k++} END{ if(k) printf "%.2f", t/k; else print "-" }' "$RAW")
    busy=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK" && $11 ~ /^[0-9.]+$/ {t+=$11; k++} END{ if(k) printf "%.0f", t/k; else print "NA" }' "$RAW")
    stl=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK" && $12 ~ /^[0-9.]+$/ {t+=$12; k++} END{ if(k) printf "%.0f", t/k; else print "NA" }' "$RAW")
    crypto=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $13; exit}' "$RAW"); mtu=$(awk -F'\t' -v s="$s" '$1==s && $3=="OK"{print $14; exit}' "$RAW")
    local tm tmin tmax pc po pu
    tm=$(median $runs); tmin=$(echo "$runs" | grep -E '^[0-9.]+$' | sort -g | head -1); tmax=$(echo "$runs" | grep -E '^[0-9.]+$' | sort -g | tail -1)
    pc=$(awk -v t="$tm" -v c="$cpu" -v d="$IPERF_TIME" 'BEGIN{ if (t ~ /^[0-9.]+$/ && c ~ /^[0-9.]+$/ && c > 0) printf "%.0f", t/(c/d); else print "-" }')
    # shellcheck disable=SC2086
    po=$(ping_stats $pofiles | awk '{print $1 " / " $2}')
    # shellcheck disable=SC2086
    pu=$(ping_stats $pufiles | awk '{print $1 " / " $2}')
    echo "| $s | $ok/$n | $crypto | $mtu | $tm (${tmin}..${tmax}) [${pm[*]}] | $(median $p4s) [$(echo $p4s)] | $(median $udps) ($(median $losses)) | $po | $pu | $cpu | $pc | $busy / $stl |"
  done
}

{
  echo "# User-space VPN benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "- host: $(uname -srm), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), Debian $(cat /etc/debian_version)"
  echo "- topology: netns $NSA ($UA) <-veth-> netns $NSB ($UB); overlay $OA -> $OB; iperf3 client in $NSA, server in $NSB (data flows A->B)"
  echo "- passes: $PASSES (each pass runs every system once, in order: $SYSTEMS)"
  echo "- TCP: ${IPERF_RUNS} x ${IPERF_TIME} s single stream per pass (median, min..max), 1 x ${IPERF_TIME} s -P 4; UDP: ${UDP_TIME} s, 1 stream, offered ${UDP_RATE}bit/s, ${UDP_LEN} B datagrams"
  echo "- latency: ping -c $PING_COUNT -i $PING_INTERVAL (56 B) over the overlay and over the underlay veth, idle tunnel, before the iperf runs; p99 = sorted sample at rank ceil(0.99 n)"
  echo "- daemon CPU: utime+stime of the tunnel daemons (A+B, all threads) per ${IPERF_TIME} s single-stream run (mean of runs); Mbit/s per daemon core = TCP median / (daemon CPU s / ${IPERF_TIME} s); host busy = /proc/stat busy over the single-stream runs, % of $(nproc) CPUs; foreign = CPU of user-space processes outside this script's process group (other workloads on a shared machine; kernel threads not counted), % of $(nproc) CPUs; waits up to ${QUIET_MAX_WAIT} s for foreign < ${QUIET_BUSY} % before each system"
  echo "- harness: run.sh sha256 $(sha256sum "$0" | cut -c1-16); logs: $LOGDIR"
  echo
  echo "Package versions (dpkg-query -W):"
  echo
  echo '```'
  dpkg-query -W iperf3 iputils-ping iproute2 wireguard-go wireguard-tools nebula tinc n2n openvpn openssl libssl3 openjdk-17-jre-headless 2>&1 | sed 's/^dpkg-query: //'
  echo "java: $(java -version 2>&1 | head -1)"
  echo "kernel $(uname -r)"
  echo '```'
  echo
} >"$RESULTS"

printf '%-13s %4s %10s %18s %9s %16s %18s %18s %8s %8s %9s\n' system pass tcp1_med "tcp1 (min..max)" tcp_P4 "udp (loss%)" "ping avg/p99" "veth ping avg/p99" cpu_s Mb/core busy/frgn
for PASS in $(seq 1 "$PASSES"); do
  for SYS in $SYSTEMS; do
    if ! declare -F "sys_$SYS" >/dev/null; then log "unknown system $SYS (known: $ALL_SYSTEMS)"; continue; fi
    bench_system
  done
done

if [ "$OPENSSL_SPEED" = 1 ] && command -v openssl >/dev/null; then
  {
    echo
    echo "## openssl speed (single core, 1400-byte blocks, 1000s of bytes/s)"
    echo
    echo '```'
    openssl version
    for a in "-evp aes-256-cbc" "-decrypt -evp aes-256-cbc" "sha1" "-hmac sha1" "-evp aes-256-gcm" "-evp chacha20-poly1305"; do
      # shellcheck disable=SC2086
      printf '%-28s %s\n' "$a" "$(openssl speed -elapsed -seconds 3 -bytes 1400 $a 2>/dev/null | tail -1)"
    done
    echo '```'
  } >>"$WORK/openssl.md"
fi

{
  if [ "$PASSES" -gt 1 ]; then
    echo "## Summary over $PASSES passes"
    echo
    summarize
    echo
  fi
  echo "## Per pass"
  echo
  echo "$TABLE_HEAD"
  cat "$ROWS"
  echo
  echo "## Details"
  echo
  cat "$DETAILS"
  [ -f "$WORK/openssl.md" ] && cat "$WORK/openssl.md"
} >>"$RESULTS"
echo; sed -n '/^## Summary/,/^## Details/p' "$RESULTS" | sed '$d'; [ "$PASSES" -gt 1 ] || sed -n '/^## Per pass/,/^## Details/p' "$RESULTS" | sed '$d'
log "results written to $RESULTS (logs in $LOGDIR)"
