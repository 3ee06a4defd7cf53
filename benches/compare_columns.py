#!/usr/bin/env python3
"""Per-column benchmark: CPU time of `gapscan profile` and DuckDB's `SUMMARIZE` on one column.

Where `compare_duckdb.py` times the whole table, this script profiles each column of a Parquet
file alone, on one thread, with both tools, and prints the CPU seconds (user + system) of each:

    gapscan:  gapscan profile FILE --threads 1 -o OUT --sql 'SELECT "c" FROM "table"'
    DuckDB:   SET threads=1; SUMMARIZE SELECT "c" FROM read_parquet('FILE')
              minus the CPU time of `python3 -c "import duckdb"` alone

It shows which columns the difference between the tools comes from. Each measurement is the
minimum of --repeat runs (the machine's noise only ever adds time). Both tools read only the
column asked for, but each pays its start-up once per column, so the sum of a column is not the
whole-table time.

Usage (from the repository root, after `cargo build --release` and `pip install duckdb`):

    python3 benches/compare_columns.py target/bench-data/orders-v1-1000000.parquet
    python3 benches/compare_columns.py FILE --columns email phone --repeat 3
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds(cmd: list[str]) -> float:
    """CPU time (user + system) of one run of `cmd`; exits with its error output on failure."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime


def best(cmd: list[str], repeat: int) -> float:
    return min(cpu_seconds(cmd) for _ in range(repeat))


def sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="a Parquet file")
    parser.add_argument("--gapscan", type=Path, default=REPO_ROOT / "target/release/gapscan")
    parser.add_argument("--columns", nargs="*", help="columns to time (default: all)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per column and tool")
    args = parser.parse_args()

    path = str(args.file.resolve())
    columns = args.columns
    if not columns:
        listing = subprocess.run(
            [sys.executable, "-c",
             "import duckdb, sys; print('\\n'.join(r[0] for r in duckdb.sql("
             f"\"DESCRIBE SELECT * FROM read_parquet({sql_str(path)})\").fetchall()))"],
            capture_output=True, text=True, check=True)
        columns = listing.stdout.split()
    table = args.file.name.split(".")[0]
    import_only = best([sys.executable, "-c", "import duckdb"], args.repeat)

    print(f"{'column':<20} {'gapscan s':>10} {'DuckDB s':>10} {'difference':>11}")
    totals = [0.0, 0.0]
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "profile.json")
        for column in columns:
            ident = '"' + column.replace('"', '""') + '"'
            g = best([str(args.gapscan), "profile", path, "--threads", "1", "-q", "-o", out,
                      "--sql", f'SELECT {ident} FROM "{table}"'], args.repeat)
            summarize = f"SUMMARIZE SELECT {ident} FROM read_parquet({sql_str(path)})"
            d = best([sys.executable, "-c",
                      f"import duckdb; duckdb.sql('SET threads=1'); duckdb.sql({summarize!r}).fetchall()"],
                     args.repeat) - import_only
            totals[0] += g
            totals[1] += d
            print(f"{column:<20} {g:>10.2f} {d:>10.2f} {g - d:>+11.2f}", flush=True)
    print(f"{'all columns':<20} {totals[0]:>10.2f} {totals[1]:>10.2f} {totals[0] - totals[1]:>+11.2f}")


if __name__ == "__main__":
    main()
