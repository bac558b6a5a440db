#!/usr/bin/env python3
"""Python's csv module on the benchmark CSV: the baseline io/csv_read is compared to.

    csv_python.py FILE [--mode plain|typed|both]

plain: `for row in csv.reader(f): pass`
typed: the same, converting every field to the type io/csv_read is asked for
       (int, datetime for the ISO timestamp, float, json.loads for the hashtags
       array; empty -> None for the nullable numbers).
Prints "RESULT <key> <value>" lines for bench/run. MB are 10^6 bytes.
"""
import argparse
import csv
import json
import os
import sys
import time
from datetime import datetime


def parse_ts(s, _fromiso=datetime.fromisoformat, _new=sys.version_info >= (3, 11)):
    return _fromiso(s) if _new else _fromiso(s[:-1] + "+00:00" if s.endswith("Z") else s)


def plain(path):
    rows = 0
    with open(path, newline="", encoding="utf-8") as f:
        for _ in csv.reader(f):
            rows += 1
    return rows - 1  # header


def typed(path):
    rows = 0
    loads = json.loads
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        ix = {name: i for i, name in enumerate(header)}
        i_post, i_acc, i_accid, i_ts = ix["post_id"], ix["account"], ix["account_id"], ix["posted_at"]
        i_lang, i_text, i_likes, i_shares = ix["lang"], ix["text"], ix["likes"], ix["shares"]
        i_replies, i_score, i_tags = ix["replies"], ix["score"], ix["hashtags"]
        for row in reader:
            post_id = int(row[i_post])
            account = row[i_acc]
            account_id = int(row[i_accid])
            posted_at = parse_ts(row[i_ts])
            lang = row[i_lang]
            text = row[i_text]
            likes = int(row[i_likes]) if row[i_likes] else None
            shares = int(row[i_shares]) if row[i_shares] else None
            replies = int(row[i_replies]) if row[i_replies] else None
            score = float(row[i_score]) if row[i_score] else None
            hashtags = loads(row[i_tags]) if row[i_tags] else None
            rows += 1
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--mode", choices=["plain", "typed", "both"], default="both")
    args = ap.parse_args()
    size = os.path.getsize(args.file)
    modes = ["plain", "typed"] if args.mode == "both" else [args.mode]
    print(f"python {sys.version.split()[0]} csv module on {args.file} ({size} bytes)")
    for mode in modes:
        fn = plain if mode == "plain" else typed
        t0 = time.perf_counter()
        rows = fn(args.file)
        s = time.perf_counter() - t0
        print(f"  {mode}: {rows} rows in {s:.2f} s, {size / 1e6 / s:.1f} MB/s, {rows / s:.0f} rows/s", flush=True)
        print(f"RESULT python_{mode}_seconds {s:.4f}")
        print(f"RESULT python_{mode}_mb_per_s {size / 1e6 / s:.2f}")
        print(f"RESULT python_{mode}_rows_per_s {rows / s:.0f}")
        print(f"RESULT python_{mode}_rows {rows}", flush=True)


if __name__ == "__main__":
    main()
