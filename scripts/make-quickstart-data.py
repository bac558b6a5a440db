#!/usr/bin/env python3
"""Writes pipelines/data/quickstart/world.sha256: the SHA-256 of every file that
pipelines/quickstart.yaml's `ingest/synthetic` stage writes.

The quickstart world is generated at run time (nothing to download); this file
pins its bytes, so tests/integration/test_quickstart.cpp can check that the
generator gives the same world on every machine and standard library. Run it
after a deliberate change to the generator (and bump the stage's
code_version):

    scripts/make-quickstart-data.py [BUILD_DIR]      # default: build
"""
import hashlib
import pathlib
import shutil
import subprocess
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build")
if not build.is_absolute():
    build = root / build
chorus = build / "bin" / "chorus"
out = root / "pipelines" / "data" / "quickstart" / "world.sha256"

with tempfile.TemporaryDirectory() as tmp:
    shutil.copy(root / "pipelines" / "quickstart.yaml", tmp)
    subprocess.run([str(chorus), "run", str(pathlib.Path(tmp) / "quickstart.yaml")], check=True,
                   stdout=subprocess.DEVNULL)
    world = pathlib.Path(tmp) / "out" / "quickstart" / "world"
    lines = [f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n"
             for f in sorted(world.iterdir()) if f.is_file()]
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text("".join(lines))
print(f"wrote {out} ({len(lines)} files)")
