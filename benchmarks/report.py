#!/usr/bin/env python3
"""Print the README's tables from JMH JSON results: every score, then the ratios the issue asks for.

    python3 benchmarks/report.py benchmarks/results/quick/threads-*.json

Errors are JMH's 99.9% confidence half-widths; a ratio's error combines its two scores' relative
errors in quadrature, and an aim counts as met or missed only when the whole interval is on one
side of it (otherwise: inconclusive). "B/op" is JMH's gc.alloc.rate.norm: bytes allocated by the whole JVM per
operation, so for the filter benchmarks it includes the local server's own allocation.
"""
import json
import math
import sys

# (label, numerator, denominator, how to read it, aim, (bound, threshold) or None)
RATIOS = [
    ("crayonBlocking / floor (time)", "crayonBlocking", "floor", "x the floor", "at most 2",
     ("max", 2.0)),
    ("crayonReactive / floor (time)", "crayonReactive", "floor", "x the floor", "at most 2",
     ("max", 2.0)),
    ("springSecurityReactive / crayonReactive (time)", "springSecurityReactive", "crayonReactive",
     "x slower than ours", "above 1", ("min", 1.0)),
    ("crayonFilter / noFilter (throughput)", "crayonFilter", "noFilter", "of unfiltered throughput",
     "at least 0.97 (filter costs under 3%)", ("min", 0.97)),
    ("springSecurityFilter / noFilter (throughput)", "springSecurityFilter", "noFilter",
     "of unfiltered throughput", "for reference", None),
    ("crayonFilter / springSecurityFilter (throughput)", "crayonFilter", "springSecurityFilter",
     "x Spring Security's throughput", "above 1", ("min", 1.0)),
    ("springSecurityInterceptor / crayonInterceptor (time)", "springSecurityInterceptor", "crayonInterceptor",
     "x slower than ours", "above 1", ("min", 1.0)),
    ("crayonRestClient / plainRestClient (throughput)", "crayonRestClient", "plainRestClient",
     "of plain throughput", "at least 0.99 (interceptor costs under 1%)", ("min", 0.99)),
    ("springSecurityRestClient / plainRestClient (throughput)", "springSecurityRestClient", "plainRestClient",
     "of plain throughput", "for reference", None),
    ("crayonRestClient / springSecurityRestClient (throughput)", "crayonRestClient", "springSecurityRestClient",
     "x Spring Security's throughput", "above 1", ("min", 1.0)),
]

# (label, interceptor, baseline, throughput benchmark, aim, (bound, threshold) or None): an interceptor's own
# cost (its time minus the baseline's, network taken out) as a share of one loopback request, whose time per
# thread is threads / throughput.
SHARES = [
    ("crayonInterceptor's own cost / one loopback request", "crayonInterceptor", "noInterceptor",
     "plainRestClient", "under 1%", ("max", 0.01)),
    ("springSecurityInterceptor's own cost / one loopback request", "springSecurityInterceptor", "noInterceptor",
     "plainRestClient", "for reference", None),
]


def verdict(value, error, aim):
    """Return "met" or "missed" when the whole error interval is on one side of the aim, else
    "inconclusive"."""
    if aim is None:
        return ""
    bound, threshold = aim
    error = 0.0 if math.isnan(error) else error
    low, high = value - error, value + error
    if bound == "max":
        met, missed = high <= threshold, low > threshold
    else:
        met, missed = low >= threshold, high < threshold
    return " (met)" if met else (" (**missed**)" if missed else " (inconclusive)")


def number(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return math.nan
    return value


def load(paths):
    results = {}
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for entry in json.load(file):
                name = entry["benchmark"].rsplit(".", 1)[1]
                cls = entry["benchmark"].rsplit(".", 2)[1]
                primary = entry["primaryMetric"]
                alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {})
                results[(name, entry["threads"])] = {
                    "class": cls,
                    "score": number(primary["score"]),
                    "error": number(primary["scoreError"]),
                    "unit": primary["scoreUnit"],
                    "alloc": number(alloc.get("score")),
                }
    return results


def fmt(value, digits=None):
    if math.isnan(value):
        return "n/a"
    if digits is None:
        digits = 0 if abs(value) >= 1000 else (1 if abs(value) >= 10 else 2)
    return f"{value:,.{digits}f}"


def ratio(results, numerator, denominator, threads):
    a, b = results.get((numerator, threads)), results.get((denominator, threads))
    if a is None or b is None or b["score"] == 0:
        return None
    value = a["score"] / b["score"]
    relative = [r["error"] / r["score"] for r in (a, b) if not math.isnan(r["error"]) and r["score"]]
    error = value * math.sqrt(sum(x * x for x in relative)) if len(relative) == 2 else math.nan
    return value, error


def share(results, interceptor, baseline, throughput, threads):
    a, b, c = (results.get((name, threads)) for name in (interceptor, baseline, throughput))
    if a is None or b is None or c is None or c["score"] == 0:
        return None
    own = a["score"] - b["score"]
    request = threads * 1e9 / c["score"]
    value = own / request
    errors = [r["error"] for r in (a, b, c)]
    if any(math.isnan(e) for e in errors) or own == 0:
        return value, math.nan
    own_error = math.sqrt(errors[0] ** 2 + errors[1] ** 2)
    error = abs(value) * math.sqrt((own_error / own) ** 2 + (errors[2] / c["score"]) ** 2)
    return value, error


def main(paths):
    if not paths:
        sys.exit(__doc__)
    results = load(paths)
    threads = sorted({t for (_, t) in results})
    order = ["floor", "crayonBlocking", "crayonReactive", "springSecurityReactive",
             "noFilter", "crayonFilter", "springSecurityFilter",
             "noInterceptor", "crayonInterceptor", "springSecurityInterceptor", "headersCopy",
             "plainRestClient", "crayonRestClient", "springSecurityRestClient"]
    names = sorted({n for (n, _) in results}, key=lambda n: (order.index(n) if n in order else len(order), n))

    print("| Benchmark | Threads | Score | ± (99.9%) | Unit | Allocated B/op |")
    print("|---|---:|---:|---:|---|---:|")
    for name in names:
        for t in threads:
            r = results.get((name, t))
            if r:
                print(f"| {r['class']}.{name} | {t} | {fmt(r['score'])} | {fmt(r['error'])} | {r['unit']} "
                      f"| {fmt(r['alloc'], 0)} |")

    print()
    header = " | ".join(f"{t} thread{'s' if t > 1 else ''}" for t in threads)
    print(f"| Ratio | {header} | Aim |")
    print("|---|" + "---:|" * len(threads) + "---|")
    for label, numerator, denominator, reading, aim_text, aim in RATIOS:
        cells = []
        for t in threads:
            value = ratio(results, numerator, denominator, t)
            if value is None:
                cells.append("n/a")
                continue
            cells.append(f"{value[0]:.3f} ± {fmt(value[1], 3)}{verdict(value[0], value[1], aim)}")
        if any(c != "n/a" for c in cells):
            print(f"| {label}, {reading} | " + " | ".join(cells) + f" | {aim_text} |")
    for label, interceptor, baseline, throughput, aim_text, aim in SHARES:
        cells = []
        for t in threads:
            value = share(results, interceptor, baseline, throughput, t)
            if value is None:
                cells.append("n/a")
                continue
            cells.append(f"{value[0] * 100:.2f}% ± {fmt(value[1] * 100, 2)}%{verdict(value[0], value[1], aim)}")
        if any(c != "n/a" for c in cells):
            print(f"| {label} | " + " | ".join(cells) + f" | {aim_text} |")


if __name__ == "__main__":
    main(sys.argv[1:])
