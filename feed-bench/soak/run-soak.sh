#!/usr/bin/env bash
# Soak run: one feed-server under everything at once for a while, with Netty's leak detector at PARANOID,
# then a verdict. Build first, at the repository root:
#
#     mvn -q -B -o -DskipTests package
#     feed-bench/soak/run-soak.sh                 # 8 minutes
#     feed-bench/soak/run-soak.sh --duration 60   # seconds
#
# What runs against the server (ephemeral ports, loopback):
#   - loadtest: 20 readers of '*' for the whole run (seq gaps, duplicates, drops);
#   - loadtest rounds of 25 s: 5 readers, 15 clients that stall, 100 idle connections;
#   - soak_clients.py: 8 /stream workers (random subscribe, unsubscribe, resume, ping, bad input, abrupt
#     disconnects) and 4 /sse workers (cut streams, Last-Event-ID resumes, streams never read), checking seqs;
#   - operator churn every 0.3 s: add a symbol, delete the one added 5 rounds before, shock, patch volatility;
#     now and then the tick rate (1000 <-> 4000 ticks/s), pause and resume, a shock of every symbol,
#     a restart of the simulator (a new epoch: every subscriber gets seq-0 snapshots).
# Verdict (exit 1 on any failure): the clients' checks pass; the long loadtest saw no gap or duplicate; every
# stalled client was dropped; the server logged no ERROR and no LEAK; once the clients are gone no stream or
# SSE connection is left open. Logs and metrics scrapes go to --out (default feed-bench/target/soak).
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=480
out=feed-bench/target/soak
while [[ $# -gt 0 ]]; do
    case $1 in
        --duration) duration=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "usage: $0 [--duration SECONDS] [--out DIR]" >&2; exit 2 ;;
    esac
done
for jar in feed-server/target/feed-server.jar feed-simulator/target/feed-simulator.jar; do
    [[ -f $jar ]] || { echo "missing $jar: run 'mvn -q -B -o -DskipTests package' at the repository root" >&2; exit 1; }
done
rm -rf "$out" && mkdir -p "$out"

java -Dio.netty.leakDetection.level=paranoid -Xmx512m -jar feed-server/target/feed-server.jar \
    --http-port 0 --stream-port 0 --symbols 100 --tick-rate 2000 > "$out/server.log" 2>&1 &
server=$!
pids=()
cleanup() {
    kill "${pids[@]}" 2>/dev/null || true
    kill "$server" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
    grep -q '^http listening' "$out/server.log" && break
    kill -0 "$server" 2>/dev/null || { cat "$out/server.log" >&2; exit 1; }
    sleep 0.1
done
stream_port=$(sed -n 's|^stream listening on ws://[^:]*:\([0-9]*\)/.*|\1|p' "$out/server.log")
http_port=$(sed -n 's|^http listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$out/server.log")
web=http://127.0.0.1:$http_port
loadtest() { java -Xmx512m -jar feed-simulator/target/feed-simulator.jar loadtest \
    --url "ws://127.0.0.1:$stream_port/stream" --symbols '*' "$@"; }
metric() { curl -s "$web/metrics" | sed -n "s/^$1 //p"; }
echo "soak: server on stream port $stream_port, web port $http_port, $duration s; logs in $out"

( while kill -0 "$server" 2>/dev/null; do
      echo "$(date +%T) rss_kib=$(ps -o rss= -p "$server") $(curl -s "$web/metrics" | grep -E \
          '^(feed_connections_active|feed_sse_streams_active|feed_slow_consumer_disconnects_total|feed_history_ticks|jvm_gc_live_data_size_bytes) |^jvm_buffer_memory_used_bytes\{id="direct"\}' \
          | tr '\n' ' ')"
      sleep 30
  done ) > "$out/metrics.log" 2>&1 &
pids+=($!)

operator() {
    local end=$(( $(date +%s) + duration )) n=0 json='Content-Type: application/json'
    call() { curl -s -o /dev/null -w "%{http_code} $1\n" "${@:2}"; }
    while [[ $(date +%s) -lt $end ]]; do
        n=$((n + 1))
        call add -X POST -H "$json" -d "{\"symbol\":\"SOAK$n\",\"price\":$((RANDOM % 500 + 1)).5}" "$web/api/simulator/symbols"
        [[ $n -gt 5 ]] && call delete -X DELETE "$web/api/simulator/symbols/SOAK$((n - 5))"
        call shock -X POST -H "$json" -d "{\"symbol\":\"SOAK$n\",\"percent\":-$((RANDOM % 30))}" "$web/api/simulator/shock"
        call patch -X PATCH -H "$json" -d "{\"volatility\":1.$((RANDOM % 9))}" "$web/api/simulator/symbols/SOAK$n"
        case $((n % 20)) in
            3) call rate -X PUT -H "$json" -d '{"tickRate":4000}' "$web/api/simulator/rate" ;;
            8) call rate -X PUT -H "$json" -d '{"tickRate":1000}' "$web/api/simulator/rate" ;;
            12) call pause -X POST "$web/api/simulator/pause"; sleep 1; call resume -X POST "$web/api/simulator/resume" ;;
            15) call shock-all -X POST -H "$json" -d '{"percent":3}' "$web/api/simulator/shock" ;;
            18) call restart -X POST "$web/api/simulator/restart" ;;
        esac
        sleep 0.3
    done | sort | uniq -c
}
operator > "$out/operator.log" 2>&1 &
pids+=($!)

loadtest --clients 20 --duration "${duration}s" --progress 30s > "$out/loadtest-main.log" 2>&1 &
main=$!
pids+=($main)
sleep 5 # the readers first, so that their start is not the machine's busiest moment
python3 feed-bench/soak/soak_clients.py "$stream_port" "$http_port" $((duration - 10)) 8 4 > "$out/clients.log" 2>&1 &
clients=$!
pids+=($clients)
( end=$(( $(date +%s) + duration - 40 )); i=0
  while [[ $(date +%s) -lt $end ]]; do
      i=$((i + 1))
      loadtest --clients 20 --stalled 15 --idle 100 --duration 25s --progress 0 > "$out/loadtest-stall-$i.log" 2>&1
  done ) &
stalls=$!
pids+=($stalls)

failures=()
wait "$clients" || failures+=("soak_clients.py: $(tail -n 1 "$out/clients.log")")
wait "$main" || true
wait "$stalls" || true
grep -Eq '^gaps \(seqs missing\) +0 ' "$out/loadtest-main.log" || failures+=("the long loadtest saw seq gaps")
grep -Eq '^duplicates +0$' "$out/loadtest-main.log" || failures+=("the long loadtest saw duplicates")
for f in "$out"/loadtest-stall-*.log; do
    grep -Eq '^stalled clients dropped +15 of 15 ' "$f" || failures+=("$(basename "$f"): not every stalled client was dropped")
done
open=""
for _ in $(seq 50); do # the last stalled and never-read connections are being closed
    open="$(metric feed_connections_active) $(metric feed_sse_streams_active)"
    [[ $open == "0.0 0.0" ]] && break
    sleep 0.2
done
[[ $open == "0.0 0.0" ]] || failures+=("connections left open (stream, SSE): $open")
grep -q 'LEAK: ' "$out/server.log" && failures+=("Netty reported a leak (server.log)")
grep -q ' ERROR ' "$out/server.log" && failures+=("the server logged an ERROR (server.log)")

echo "soak: $(grep -c 'dropping slow consumer' "$out/server.log") stream and $(grep -c 'SSE client .* fell behind' "$out/server.log") SSE slow-consumer drops; operator calls:"
sed 's/^/  /' "$out/operator.log"
sed -n 's/^counts: /soak: client counts: /p' "$out/clients.log"
if [[ ${#failures[@]} -gt 0 ]]; then
    printf 'soak: FAIL: %s\n' "${failures[@]}"
    exit 1
fi
echo "soak: PASS"
