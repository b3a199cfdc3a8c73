"""Benchmark: loading the six committed faces' metrics, cold (empty cache) and warm (run by hand).

    python bench/bench_fonts.py [--runs 5]

Each measurement runs in a fresh interpreter with its own cache directory (BANMIAN_CACHE), and
times `FontSet.load()` after `import layout.fonts`: cold = hash the files, read them with
fontTools, write the cache; warm = the stat-keyed index and the cached metrics only. Prints the
median of the runs, and the import time separately.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, time
t0 = time.perf_counter()
from layout.fonts import FontSet
t1 = time.perf_counter()
fonts = FontSet.load()
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "faces": len(fonts.faces)}))
"""


def probe(cache: Path) -> dict:
    """One fresh interpreter loading the font set with `cache` as its cache directory."""
    env = {"BANMIAN_CACHE": str(cache), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout)


def ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cold, warm, imports = [], [], []
    for _ in range(args.runs):
        cache = Path(tempfile.mkdtemp(prefix="banmian-bench-fonts-"))
        try:
            cold.append(probe(cache)["load"])
            result = probe(cache)
            warm.append(result["load"])
            imports.append(result["import"])
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    print(f"faces: {result['faces']}, runs: {args.runs}")
    print(f"cold load (hash + fontTools + write cache): {ms(cold)}")
    print(f"warm load (stat index + cached metrics):    {ms(warm)}")
    print(f"import layout.fonts:                        {ms(imports)}")


if __name__ == "__main__":
    main()
