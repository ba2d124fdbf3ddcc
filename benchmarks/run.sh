#!/usr/bin/env bash
# Runs every benchmark at 1 and 2 threads with the GC profiler (allocation per operation) and
# writes JMH's JSON, the machine's description and the generated tables to benchmarks/results/<mode>/.
#   benchmarks/run.sh quick   # about 6.5 minutes of benchmarking on 2 cores
#   benchmarks/run.sh full    # about 50 minutes
#   BENCHMARKS="InterceptorCostBenchmark RestClientThroughputBenchmark" benchmarks/run.sh quick   # some only
# The uber jar is rebuilt first; set BUILD=0 to reuse benchmarks/target/benchmarks.jar as it is.
# The throughput benchmarks need 10 s or more of warm-up before their throughput levels off.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-quick}"
case "$mode" in
	quick)
		token_options=(-f 1 -wi 1 -w 1s -i 3 -r 1s)
		cost_options=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
		filter_options=(-f 1 -wi 4 -w 2s -i 3 -r 2s) ;;
	full)
		token_options=(-f 3 -wi 3 -w 2s -i 5 -r 2s)
		cost_options=(-f 3 -wi 3 -w 2s -i 5 -r 2s)
		filter_options=(-f 3 -wi 10 -w 3s -i 10 -r 3s) ;;
	*) echo "usage: benchmarks/run.sh quick|full" >&2; exit 2 ;;
esac
benchmarks="${BENCHMARKS:-TokenServiceBenchmark FilterThroughputBenchmark InterceptorCostBenchmark RestClientThroughputBenchmark}"
options_of() { # benchmark class -> its JMH options
	case "$1" in
		TokenServiceBenchmark) echo "${token_options[*]}" ;;
		InterceptorCostBenchmark) echo "${cost_options[*]}" ;;
		FilterThroughputBenchmark | RestClientThroughputBenchmark) echo "${filter_options[*]}" ;;
		*) echo "unknown benchmark $1" >&2; exit 2 ;;
	esac
}

if [[ "${BUILD:-1}" != 0 ]]; then
	./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
fi

out="benchmarks/results/$mode"
rm -rf "$out"
mkdir -p "$out"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
	for benchmark in $benchmarks; do
		echo "$benchmark: $(options_of "$benchmark") -prof gc"
	done
	echo "nproc: $(nproc)"
	lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|Hypervisor vendor)' | sed 's/  */ /g'
	echo "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo unknown)"
	java -version 2>&1 | head -2
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"

# Other work on the machine distorts every figure: sample the load average while benchmarks run
while sleep 5; do cut -d' ' -f1 /proc/loadavg; done > "$out/load.txt" &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT
start=$SECONDS
run() { # benchmark class, threads, JMH options...
	local name="$1-threads-$2"
	java -jar benchmarks/target/benchmarks.jar "com.crayon.token.benchmarks.$1" -t "$2" "${@:3}" \
		-prof gc -rf json -rff "$out/$name.json" | tee "$out/$name.log"
}
for threads in 1 2; do
	for benchmark in $benchmarks; do
		# shellcheck disable=SC2046 # the options are words
		run "$benchmark" "$threads" $(options_of "$benchmark")
	done
done
kill "$sampler" 2>/dev/null || true
{
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "1-minute load average while running (5 s samples): $(sort -n "$out/load.txt" | awk '{a[NR]=$1} END {printf "min %s, median %s, max %s", a[1], a[int((NR+1)/2)], a[NR]}')"
	echo "benchmarking time: $((SECONDS - start)) s"
} >> "$out/machine.txt"

python3 benchmarks/report.py "$out"/*.json > "$out/table.md"
cat "$out/machine.txt" "$out/table.md"
