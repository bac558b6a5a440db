#!/usr/bin/env python3
"""Findings benchmark (issue 11, "Performance"): the phase-1 pipeline end to
end on a generated takedown archive of 10 million posts with planted
coordinated groups.

bench_findings_gen writes the archive (organic background and 90 planted
groups: retweet rings, hashtag floods, link-sharing groups; see
findings_gen.cpp) and its ground truth. One `chorus run --jobs 2` then runs
the stages of pipelines/phase1_behavioural.yaml on it instead of the
synthetic world: ingest/tmrc (store: false) -> normalize/posts -> three
coordination/coaction networks (co_retweet 60 s, co_hashtag 600 s, co_link
3600 s; toolkit, min_weight 2, null model account_times) -> detect/clusters ->
detect/profile -> attribute/assess -> export/alerts (when built) and
export/csv of the clusters and their members. /usr/bin/time -v gives the
run's peak RSS; the store's stage_runs table gives each stage's seconds, the
run summary each stage's thread CPU and commit seconds, and the run log's
timestamps each stage's span.

Goals: the findings stages (clusters, profile, assess and the exports)
together take less than 20% of the pipeline's time, and peak memory stays
under 4 GB. "Take" is judged twice: their elapsed span (first start to last
end, from the run log) against the run's wall time, and their summed thread
CPU against all stages' summed thread CPU. The cluster-level recall of the
planted groups (found / planted) is a sanity row: a planted group is found
when one cluster holds >= 90% of its accounts and >= 95% of that cluster's
accounts are the group's (the issue's per-cluster recall and precision).
Prints "RESULT <key> <value>" and "ROW|label|figure|goal|verdict" lines.
"""
import argparse
import csv
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

from bench_common import loadavg, parse_time_v, result

SEED = 20240611
GEN_VERSION = 1

PIPELINE = """name: bench_findings
description: findings benchmark, the phase-1 stages on a generated archive (written by bench/findings_bench.py)
stages:
  tmrc:
    uses: ingest/tmrc
    store: false
    with:
      tweets: {data}/FND_2024_tweets_csv_hashed_*.csv
      users: {data}/FND_2024_users_csv_hashed.csv
      campaigns:
        - {{files: "FND_2024_*", campaign: "bench:FND_2024"}}
  posts:
    uses: normalize/posts
    inputs: {{in: [tmrc.posts]}}
    with: {{fill_nulls_from_duplicates: false}}
  co_retweet:
    uses: coordination/coaction
    inputs: {{posts: posts.posts}}
    with: {{kind: co_retweet, window: 60, semantics: toolkit, min_weight: 2, permutations: {perms}, null_model: account_times, seed: 1}}
  co_hashtag:
    uses: coordination/coaction
    inputs: {{posts: posts.posts}}
    with: {{kind: co_hashtag, window: 600, semantics: toolkit, min_weight: 2, permutations: {perms}, null_model: account_times, seed: 1}}
  co_link:
    uses: coordination/coaction
    inputs: {{posts: posts.posts}}
    with: {{kind: co_link, window: 3600, semantics: toolkit, min_weight: 2, permutations: {perms}, null_model: account_times, seed: 1}}
  clusters:
    uses: detect/clusters
    inputs:
      co_retweet: co_retweet.edges
      co_hashtag: co_hashtag.edges
      co_link: co_link.edges
      posts: posts.posts
    with:
      streams:
        co_hashtag: {{min_days: 3}}
  profile:
    uses: detect/profile
    inputs: {{members: clusters.members, clusters: clusters.clusters, posts: posts.posts, accounts: tmrc.accounts}}
  assess:
    uses: attribute/assess
    inputs: {{clusters: clusters.clusters, evidence: clusters.evidence, summary: profile.summary, profile: profile.profile}}
    with:
      sources:
        - {{name: takedown archive, files: "FND_2024_*", reliability: B}}
{alerts}  clusters_csv:
    uses: export/csv
    inputs: {{in: clusters.clusters}}
    with: {{path: {out}/clusters.csv, formula_guard: false}}
  members_csv:
    uses: export/csv
    inputs: {{in: clusters.members}}
    with: {{path: {out}/cluster_members.csv, formula_guard: false}}
"""

ALERTS = """  alerts:
    uses: export/alerts
    inputs:
      assessments: assess.assessments
      techniques: assess.techniques
      clusters: clusters.clusters
      members: clusters.members
      evidence: clusters.evidence
      summary: profile.summary
      profile: profile.profile
      accounts: tmrc.accounts
    with: {{path: {out}/alerts.json, jsonl_path: {out}/alerts.jsonl}}
"""

UPSTREAM = ("tmrc", "posts", "co_retweet", "co_hashtag", "co_link")
FINDINGS = ("clusters", "profile", "assess", "alerts", "clusters_csv", "members_csv")


def row(label, figure, goal, verdict):
    print(f"ROW|{label}|{figure}|{goal}|{verdict}", flush=True)


def parse_stamp(text):  # the log's times are UTC
    return datetime.datetime.fromisoformat(text.rstrip("Z")).replace(tzinfo=datetime.timezone.utc).timestamp()


def stage_spans(log_text):
    """(start, end) seconds since the run began, per stage, from the run log's
    lines "<time>Z info stage 'x' ran (N rows, S s)" (as interstate_bench),
    and the run's start (epoch seconds)."""
    spans, t0 = {}, None
    for line in log_text.splitlines():
        m = re.match(r"^(\S+?)Z? +info +run \d+ of pipeline", line)
        if m and t0 is None:
            t0 = parse_stamp(m.group(1))
        m = re.match(r"^(\S+?)Z? +info +stage '([^']+)' ran \(\d+ rows, ([0-9.]+) s\)", line)
        if m and t0 is not None:
            end = parse_stamp(m.group(1)) - t0
            spans[m.group(2)] = (end - float(m.group(3)), end)
    return spans, t0


class RssSampler(threading.Thread):
    """Samples the resident set of the process `time` runs (its child) every
    0.2 s: (epoch seconds, MiB). Per stage, the largest sample inside its span
    is the peak while it ran (other stages and the committer may share it)."""

    def __init__(self, parent_pid):
        super().__init__(daemon=True)
        self.parent, self.samples, self.stop = parent_pid, [], threading.Event()

    def run(self):
        child = None
        while not self.stop.is_set():
            try:
                if child is None:
                    with open(f"/proc/{self.parent}/task/{self.parent}/children") as f:
                        kids = f.read().split()
                    child = kids[0] if kids else None
                if child is not None:
                    with open(f"/proc/{child}/status") as f:
                        for line in f:
                            if line.startswith("VmRSS:"):
                                self.samples.append((time.time(), int(line.split()[1]) / 1024))
            except OSError:
                pass
            self.stop.wait(0.2)

    def peak(self, start, end):
        got = [m for t, m in self.samples if start <= t <= end]
        before = [m for t, m in self.samples if t < start]  # a stage shorter than a sample period
        return max(got) if got else (before[-1] if before else 0.0)


def elapsed(spans, stages):
    have = [spans[s] for s in stages if s in spans]
    return max(e for _, e in have) - min(b for b, _ in have) if have else 0.0


def generate(gen, data, posts):
    meta = os.path.join(data, "findings.meta")
    want = f"version={GEN_VERSION} seed={SEED} posts={posts} "
    ok = os.path.exists(meta) and open(meta).readline().startswith(want)
    if ok:  # and every file still has its size
        for line in open(meta).read().splitlines()[1:]:
            name, size = re.match(r"file (\S+) bytes=(\d+)", line).groups()
            path = os.path.join(data, name)
            ok = ok and os.path.exists(path) and os.path.getsize(path) == int(size)
    if ok:
        print(f"== reusing {data} ({open(meta).readline().strip()})", flush=True)
        return
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    print(f"== generating {posts:,} posts in {data}", flush=True)
    t0 = time.perf_counter()
    subprocess.run([gen, data, str(posts), str(SEED)], check=True)
    print(f"   generated in {time.perf_counter() - t0:.1f} s", flush=True)


def recall(truth_path, members_path):
    """(found, held together (recall alone), planted, detected clusters, clusters mostly of organic
    accounts, misses)."""
    truth = json.load(open(truth_path))["clusters"]
    planted_of = {a: g["id"] for g in truth for a in g["accounts"]}
    members = {}
    with open(members_path, newline="") as f:
        for r in csv.DictReader(f):
            members.setdefault(r["cluster_id"], set()).add(r["account_id"])
    organic = sum(1 for m in members.values() if sum(a in planted_of for a in m) * 2 <= len(m))
    found, together, misses = 0, 0, []
    for g in truth:
        want = set(g["accounts"])
        best = max(members.values(), key=lambda m: len(m & want), default=set())
        hit = len(best & want)
        together += hit >= 0.9 * len(want)
        if best and hit >= 0.9 * len(want) and hit >= 0.95 * len(best):
            found += 1
        else:
            misses.append(f"{g['id']} ({hit}/{len(want)} in a cluster of {len(best)})")
    return found, together, len(truth), len(members), organic, misses


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chorus", required=True)
    ap.add_argument("--gen", required=True, help="bench_findings_gen")
    ap.add_argument("--data", required=True, help="folder of the generated archive (reused while it matches)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--posts", type=int, default=10_000_000)
    ap.add_argument("--permutations", type=int, default=99)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the run's store (several GB at 10M posts)")
    ap.add_argument("--alerts", choices=("auto", "yes", "no"), default="auto",
                    help="auto: include export/alerts when its plugin is built")
    args = ap.parse_args()

    generate(args.gen, args.data, args.posts)
    head = open(os.path.join(args.data, "findings.meta")).readline()
    nbytes = int(re.search(r"bytes=(\d+)", head).group(1))
    planted_posts = int(re.search(r"planted_posts=(\d+)", head).group(1))
    result("findings_posts", args.posts)
    result("findings_bytes", nbytes)

    # The build's plugin folder (BUILD_DIR/lib/chorus/plugins beside BUILD_DIR/bin/chorus).
    root = os.path.dirname(os.path.dirname(os.path.abspath(args.chorus)))
    with_alerts = args.alerts == "yes" or (args.alerts == "auto" and os.path.exists(
        os.path.join(root, "lib", "chorus", "plugins", "libchorus_export_alerts.so")))
    shutil.rmtree(args.work, ignore_errors=True)
    out = os.path.join(args.work, "out")
    os.makedirs(out)
    pfile = os.path.join(args.work, "pipeline.yaml")
    with open(pfile, "w") as f:
        f.write(PIPELINE.format(data=args.data, out=out, perms=args.permutations,
                                alerts=ALERTS.format(out=out) if with_alerts else ""))
    timef = os.path.join(args.work, "time.txt")
    cmd = ["/usr/bin/time", "-v", "-o", timef, args.chorus, "run", pfile, "--jobs", str(args.jobs)]
    load = loadavg()
    print(f"== {' '.join(cmd[4:])}  [load {load}]", flush=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, CHORUS_SPOOL_DIR=args.work))
    sampler = RssSampler(proc.pid)
    sampler.start()
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    p = subprocess.CompletedProcess(cmd, proc.returncode, stdout)
    load_after = loadavg()
    sys.stdout.write("".join("   | " + l + "\n" for l in p.stdout.splitlines()[-40:]))
    if p.returncode != 0:
        print(f"findings_bench: chorus run exited {p.returncode}", file=sys.stderr)
        row("findings: phase-1 pipeline", "-", "runs", "ERROR")
        return 1

    # Stage seconds from the store; thread CPU and commit seconds from the run summary.
    store = os.path.join(args.work, ".chorus", "store.db")
    db = sqlite3.connect(store)
    run_id = db.execute("SELECT max(run_id) FROM runs").fetchone()[0]
    secs, outs = {}, {}
    for sid, s in db.execute("SELECT stage_id, seconds FROM stage_runs WHERE run_id = ?", (run_id,)):
        secs[sid] = s or 0.0
    for sid in ("co_retweet", "co_hashtag", "co_link"):
        got = db.execute(
            "SELECT d.rows FROM stage_runs s JOIN cache_outputs o ON o.cache_key = s.cache_key "
            "JOIN datasets d ON d.hash = o.dataset_hash WHERE s.run_id = ? AND s.stage_id = ? AND o.port = 'edges'",
            (run_id, sid)).fetchone()
        outs[sid] = got[0] if got else 0
    db.close()
    cpu, commit = {}, {}
    for line in p.stdout.splitlines():
        m = re.match(r"^(\S+)\s+(ran|cached)\s+(\d+)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)", line)
        if m:
            cpu[m.group(1)] = float(m.group(5))
            commit[m.group(1)] = float(m.group(6))
    log_path = re.search(r"^log:\s+(\S+)", p.stdout, re.M)
    spans, run_t0 = stage_spans(open(log_path.group(1)).read() if log_path else "")
    stage_rss = {s: sampler.peak(run_t0 + b, run_t0 + e) for s, (b, e) in spans.items()} if run_t0 else {}
    tv = parse_time_v(timef)
    rss_gib = tv.get("rss_mib", 0) / 1024
    findings = [s for s in FINDINGS if s in secs]
    stages = [s for s in UPSTREAM if s in secs] + findings
    find_el = elapsed(spans, findings)
    find_share = find_el / wall if wall > 0 else 0
    find_cpu = sum(cpu.get(s, 0) for s in findings)
    all_cpu = sum(cpu.get(s, 0) for s in stages)
    cpu_share = find_cpu / all_cpu if all_cpu > 0 else 0
    find_secs = sum(secs[s] for s in findings)
    found, together, planted, detected, organic, misses = recall(os.path.join(args.data, "ground_truth.json"),
                                                       os.path.join(out, "cluster_members.csv"))

    result("findings_wall_s", f"{wall:.2f}")
    result("findings_cpu_s", f"{tv.get('user', 0) + tv.get('sys', 0):.2f}")
    result("findings_peak_rss_gib", f"{rss_gib:.2f}")
    result("findings_share_elapsed", f"{find_share:.4f}")
    result("findings_share_cpu", f"{cpu_share:.4f}")
    result("findings_recall", f"{found}/{planted}")
    result("findings_groups_together", f"{together}/{planted}")
    for s in stages:
        result(f"findings_stage_{s}_peak_rss_mib", f"{stage_rss.get(s, 0):.0f}")
        result(f"findings_stage_{s}_s", f"{secs[s]:.2f}")
        result(f"findings_stage_{s}_cpu_s", f"{cpu.get(s, 0):.2f}")
        result(f"findings_stage_{s}_commit_s", f"{commit.get(s, 0):.2f}")
    for m in misses:
        print(f"   missed: {m}")
    if not args.keep:  # the outputs in out/ and the run log stay
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)

    n = args.posts
    size = f"{n / 1e6:.0f}M" if n >= 1e6 else f"{n / 1e3:.0f}k"
    row(f"findings: phase-1 pipeline, {size} posts ({nbytes / 1e9:.1f} GB, {planted_posts:,} planted), "
        f"--jobs {args.jobs}", f"wall {wall:.1f} s, cpu {tv.get('user', 0) + tv.get('sys', 0):.1f} s; "
        f"load {load.split()[0]} before, {load_after.split()[0]} after", "-", "-")
    for s in stages:
        what = "findings stage" if s in FINDINGS else "upstream stage"
        row(f"   {what} {s}: s (cpu; commit), peak RSS while it ran",
            f"{secs[s]:.2f} s ({cpu.get(s, 0):.2f}; {commit.get(s, 0):.2f}), {stage_rss.get(s, 0) / 1024:.2f} GiB",
            "-", "-")
    if not with_alerts:
        row("   export/alerts", "not built: left out of the pipeline", "-", "-")
    row("   co-action null model", f"account_times, {args.permutations} permutations", "-", "-")
    row("   findings stages, elapsed (first start..last end) / run wall",
        f"{find_el:.1f} s / {wall:.1f} s = {100 * find_share:.1f}% (summed stage s {find_secs:.1f})",
        "< 20%", "PASS" if find_share < 0.2 else "MISS")
    row("   findings stages, summed cpu / all stages' cpu",
        f"{find_cpu:.1f} s / {all_cpu:.1f} s = {100 * cpu_share:.1f}%", "< 20%", "PASS" if cpu_share < 0.2 else "MISS")
    row("   peak RSS of the run", f"{rss_gib:.2f} GiB = {rss_gib * 1.073741824:.2f} GB", "< 4 GiB (4.29 GB)",
        "PASS" if rss_gib < 4 else "MISS")
    row("   store commits (committer thread): posts / all others",
        f"{commit.get('posts', 0):.1f} s / {sum(commit.get(s, 0) for s in stages if s != 'posts'):.1f} s", "-", "-")
    row("   edges kept by co_retweet / co_hashtag / co_link (min_weight 2)",
        f"{outs.get('co_retweet', 0):,} / {outs.get('co_hashtag', 0):,} / {outs.get('co_link', 0):,}", "-", "-")
    row("   planted groups found (cluster-level recall)", f"{found} / {planted} (>= 90% of a group in one cluster: "
        f"{together})", "(sanity) all", "PASS" if found == planted else "MISS")
    row("   clusters found; of them mostly organic accounts", f"{detected}; {organic}", "(sanity) 0 organic",
        "PASS" if organic == 0 else "MISS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
