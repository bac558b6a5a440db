#!/usr/bin/env python3
"""Writes pipelines/data/quickstart/posts.csv: a small synthetic archive.

Eight accounts of a fictional campaign post in bursts with shared hashtags;
six organic accounts post at random. Two rows are malformed on purpose so the
quickstart shows how rejects are kept. Seeded: the file is the same every time.
"""
import csv
import datetime as dt
import random
import sys

rng = random.Random(20261122)
out = sys.argv[1] if len(sys.argv) > 1 else "pipelines/data/quickstart/posts.csv"
start = dt.datetime(2021, 3, 1, tzinfo=dt.timezone.utc)
rows = []
post = 1000
for burst in range(6):
    t0 = start + dt.timedelta(days=3 * burst, hours=9)
    for k in range(8):
        post += 1
        t = t0 + dt.timedelta(minutes=rng.randint(0, 4))
        rows.append([f"p{post}", f"op_{k:02d}", "campaign", t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     f"Burst {burst}: the same talking point, lightly edited #{['truth', 'wakeup'][burst % 2]}",
                     '["truth","wakeup"]' if burst % 2 else '["truth"]', rng.randint(0, 5), rng.randint(20, 60)])
for k in range(40):
    post += 1
    t = start + dt.timedelta(minutes=rng.randint(0, 18 * 24 * 60))
    tags = rng.choice(['[]', '["football"]', '["weather","truth"]'])
    rows.append([f"p{post}", f"user_{rng.randint(0, 5):02d}", "organic", t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 f"An ordinary post number {k}, with a comma, and \"quotes\"", tags, rng.randint(0, 40),
                 rng.randint(0, 8)])
rows.sort(key=lambda r: r[3])
rows.insert(10, ["p9001", "user_03", "organic", "2021-03-31 25:61:00", "bad time", "[]", 1, 0])
rows.insert(20, ["p9002", "op_03", "campaign", "2021-03-05T10:00:00Z", "bad count", "[]", "many", 3])
with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["post_id", "account", "group", "posted_at", "text", "hashtags", "likes", "shares"])
    w.writerows(rows)
