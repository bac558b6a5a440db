"""Helpers the benchmark scripts share: result lines and /usr/bin/time -v output."""


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def result(key, value):
    print(f"RESULT {key} {value}", flush=True)


def parse_time_v(path):
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("Maximum resident set size"):
                out["rss_mib"] = int(line.split(":")[1]) / 1024
            elif line.startswith("User time"):
                out["user"] = float(line.split(":")[1])
            elif line.startswith("System time"):
                out["sys"] = float(line.split(":")[1])
            elif line.startswith("Elapsed (wall clock)"):
                v = line.split("):", 1)[1].strip().split(":")
                secs = 0.0
                for part in v:
                    secs = secs * 60 + float(part)
                out["wall_time_v"] = secs
            elif line.startswith("Exit status"):
                out["exit"] = int(line.split(":")[1])
    return out

