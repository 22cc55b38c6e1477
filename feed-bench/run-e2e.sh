#!/usr/bin/env bash
# End-to-end fan-out benchmark: our feed-server against the Reactor Netty baseline, each in its own JVM on
# CPU 1 (taskset), the harness with the load client in it on CPU 0. Build first, at the repository root:
#
#     mvn -q -B -o -DskipTests package
#     feed-bench/run-e2e.sh                      # everything, about 6-8 minutes
#     feed-bench/run-e2e.sh --phases idle --servers ours   # one part; --help lists the options
#
# The report is printed and written to feed-bench/target/e2e/results.md, with every process's log beside it.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=feed-bench/target/benchmarks.jar
if [[ ! -f $jar ]]; then
    echo "missing $jar: run 'mvn -q -B -o -DskipTests package' at the repository root" >&2
    exit 1
fi
if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then
    exec java -cp "$jar" pricefeed.bench.e2e.E2eMain --help
fi

# Idle connections need a descriptor each on both sides (the harness holds the client ends).
want=8192
soft=$(ulimit -Sn)
if [[ $soft != unlimited && $soft -lt $want ]]; then
    ulimit -Sn "$(( $(ulimit -Hn) < want ? $(ulimit -Hn) : want ))"
fi

# The load client runs inside the harness: pin the harness to --client-cpu (default 0).
client_cpu=0
args=("$@")
for ((i = 0; i + 1 < ${#args[@]}; i++)); do
    if [[ ${args[i]} == --client-cpu ]]; then
        client_cpu=${args[i + 1]}
    fi
done
pin=()
if command -v taskset >/dev/null 2>&1; then
    pin=(taskset -c "$client_cpu")
fi
# exec: a Ctrl-C reaches the harness, whose shutdown hook stops every process it started.
# The load client runs inside the harness, so it gets the same JVM flags as the servers (E2eSettings).
exec "${pin[@]}" java -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$jar" pricefeed.bench.e2e.E2eMain "$@"
