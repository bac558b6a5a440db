#!/usr/bin/env python3
"""Python baselines of the ingest benchmark, on the takedown-format CSVs.

    ingest_python.py --mode csv|pandas FILE...

csv:    Python's csv module reads every row of every file:
        `for row in csv.reader(f): n += 1` (no conversion, nothing kept).
pandas: pandas.read_csv(FILE) of each file in turn, defaults (C engine, type
        inference), the frame dropped before the next file. Nothing is
        normalized, hashed or stored: this is a lower bound on what a Python
        ingest would cost.
Prints "RESULT <key> <value>" lines for bench/run (keys ingest_python_csv_* or
ingest_pandas_*), with the peak RSS of this process (ru_maxrss). MB are 10^6 bytes.
"""
import argparse
import csv
import os
import resource
import sys
import time
import warnings


def read_csv_module(files):
    rows = 0
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)  # header
            for _ in reader:
                rows += 1
    return rows


def read_pandas(files):
    import pandas as pd

    warnings.simplefilter("ignore")  # DtypeWarning on mixed columns
    rows = 0
    for path in files:
        df = pd.read_csv(path)
        rows += len(df)
        del df
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["csv", "pandas"], required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    size = sum(os.path.getsize(f) for f in args.files)
    key = "ingest_python_csv" if args.mode == "csv" else "ingest_pandas"
    if args.mode == "pandas":
        import pandas as pd

        what = f"pandas {pd.__version__} read_csv"
    else:
        what = "csv module"
    print(f"python {sys.version.split()[0]} ({sys.executable}) {what} on {len(args.files)} files, {size} bytes",
          flush=True)
    c0 = time.process_time()
    t0 = time.perf_counter()
    rows = read_csv_module(args.files) if args.mode == "csv" else read_pandas(args.files)
    s = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB
    print(f"  {rows} rows in {s:.2f} s (cpu {cpu:.2f} s), {size / 1e6 / s:.1f} MB/s, {rows / s:.0f} rows/s, "
          f"peak RSS {rss_mb:.0f} MiB", flush=True)
    print(f"RESULT {key}_seconds {s:.4f}")
    print(f"RESULT {key}_cpu_seconds {cpu:.4f}")
    print(f"RESULT {key}_mb_per_s {size / 1e6 / s:.2f}")
    print(f"RESULT {key}_rows_per_s {rows / s:.0f}")
    print(f"RESULT {key}_rows {rows}")
    print(f"RESULT {key}_peak_rss_mib {rss_mb:.0f}", flush=True)


if __name__ == "__main__":
    main()
