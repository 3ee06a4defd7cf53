#!/usr/bin/env python3
"""Whole-command benchmark: `gapscan profile` versus DuckDB's `SUMMARIZE` on the same Parquet file.

What it does
    1. Generates (once, then caches) a deterministic 37-column "orders" table in Parquet with
       DuckDB SQL: ids, foreign keys, skewed amounts with nulls, small-int quantities, dates,
       timestamps, low/medium-cardinality categories, names, emails, phone numbers, free text,
       booleans, UUID-like strings, SKU codes, 80%-null optional columns and decimals. Every
       value is a function of the row number through `hash(i, salt)`, so the file is identical
       on every run and with any thread count (no `setseed`/`random()`).
    2. Times, side by side and in alternating order over `--repeat` runs, each tool as a
       separate subprocess:
         gapscan:  <gapscan> profile FILE -o TMP.json
         DuckDB:   python3 -c "import duckdb; duckdb.sql(\"SUMMARIZE SELECT * FROM read_parquet('FILE')\").fetchall()"
       plus `python3 -c "import duckdb"` alone, the interpreter + import overhead that is
       subtracted from DuckDB's time for the fair ratio. Wall time is time.perf_counter()
       around the subprocess; peak RSS comes from os.wait4()'s rusage (ru_maxrss, KiB on Linux).
       This script itself never imports duckdb (generation runs in a child too): on Linux a
       child's ru_maxrss is at least the spawning process's resident size at exec, so a fat
       parent would raise every measurement to its own size. The remaining floor, this small
       script's size, is printed (`/bin/true`); peaks below it are not meaningful.
    3. Prints the machine, then a table of median wall seconds, rows/s, MB/s and peak RSS per
       tool and row count, then gapscan_time / duckdb_time and both peak memories.

Requirements
    python3 (stdlib only) and the DuckDB Python package, version 1.3 or newer (the generator
    uses the `lambda x: ...` syntax):

        python3 -m pip install duckdb

    and a release build of gapscan (from the repository root):

        cargo build --release            # produces target/release/gapscan

Threads
    DuckDB uses all cores by default (`--duckdb-threads N` pins it); gapscan uses its own
    default. Both are whole processes started the same way, so the comparison is
    "what a user gets out of the box" unless you pin threads.

Usage
    python3 benches/compare_duckdb.py                         # 1M rows, both tools, 3 runs
    python3 benches/compare_duckdb.py --rows 1000000 10000000 # several sizes in one table
    python3 benches/compare_duckdb.py --only duckdb           # without a gapscan binary
    python3 benches/compare_duckdb.py --gapscan path/to/gapscan --repeat 5

Exit status: 0 on success, 1 if a benchmarked command fails (its stderr tail is shown),
2 if DuckDB is not importable or the gapscan binary is missing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Bump when the generated table changes, so cached files from an older generator are not reused.
GENERATOR_VERSION = 1
ROW_GROUP_SIZE = 122_880
STDERR_TAIL_LINES = 20


# --------------------------------------------------------------------------------------------
# Data generation
# --------------------------------------------------------------------------------------------

STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"]
CHANNELS = ["web", "mobile_app", "store", "phone", "marketplace"]
CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "SEK"]
DEVICES = ["desktop", "ios", "android", "tablet", "kiosk", "unknown"]
COUNTRIES = [
    "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "SE", "NO", "DK", "FI", "PL", "PT", "IE",
    "AT", "CH", "CZ", "CA", "MX", "BR", "AR", "CL", "JP", "KR", "CN", "IN", "AU", "NZ", "ZA",
]
CITY_PREFIXES = [
    "Spring", "River", "Oak", "Maple", "Cedar", "Pine", "Elm", "Lake", "Hill", "Stone",
    "Green", "Fair", "West", "East", "North", "South", "New", "Old", "Red", "White",
    "Black", "Silver", "Gold", "Clear", "Bright", "Rock", "Sand", "Wood", "Glen", "Ash",
    "Bay", "Brook", "Clay", "Deer", "Eagle", "Fox", "Hawk", "Iron", "Mill", "Rose",
]  # 40 prefixes x 25 suffixes = 1,000 cities
CITY_SUFFIXES = [
    "field", "ton", "ville", "burg", "port", "wood", "dale", "ford", "haven", "mont",
    "view", "side", "bridge", "stead", "mouth", "land", "worth", "ridge", "crest", "gate",
    "moor", "wick", "hurst", "cliff", "shire",
]
FIRST_NAMES = [
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William",
    "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark",
    "Margaret", "Donald", "Sandra", "Steven", "Ashley", "Paul", "Kimberly", "Andrew", "Emily",
    "Joshua", "Donna", "Kenneth", "Michelle", "Kevin", "Carol", "Brian", "Amanda", "George",
    "Melissa", "Timothy", "Deborah", "Ronald", "Stephanie", "Amelie", "Lukas", "Sofia", "Mateo",
    "Yuki", "Hiroshi", "Priya", "Arjun", "Chloe", "Noah",
]
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Muller", "Schmidt", "Dubois",
    "Rossi", "Tanaka", "Sato", "Kowalski", "Novak", "Patel", "Kim",
]
EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "example.org", "corp.example.com",
                 "proton.me", "icloud.com", "mail.de"]
WORDS = [
    "the", "a", "order", "arrived", "quickly", "late", "package", "was", "damaged", "great",
    "quality", "poor", "fit", "size", "color", "exactly", "as", "described", "would", "buy",
    "again", "never", "customer", "service", "helpful", "slow", "refund", "requested", "box",
    "item", "missing", "works", "perfectly", "broke", "after", "two", "days", "price", "cheap",
    "expensive", "gift", "for", "my", "friend", "love", "it", "not", "worth", "money", "and",
    "but", "very", "really", "shipping", "delivery", "product", "recommend", "return", "label",
    "instructions",
]
SKU_FAMILIES = ["ELC", "HOM", "GRD", "TOY", "BOK", "CLO", "SPT", "BTY", "AUT", "FOD", "OFF", "PET"]
URL_PATHS = ["/", "/search", "/deals", "/blog/spring-sale", "/p/compare", "/newsletter"]
REFERRERS = ["google.com", "bing.com", "facebook.com", "instagram.com", "newsletter.example.com",
             "partner.example.net"]


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join(_sql_str(v) for v in values) + "]"


def _h(salt: int) -> str:
    """A deterministic 64-bit unsigned pseudo-random value for row i (UBIGINT)."""
    return f"hash(i, {salt})"


def _n(salt: int, modulo: int) -> str:
    """A deterministic integer in [0, modulo) for row i, as BIGINT."""
    return f"({_h(salt)} % {modulo})::BIGINT"


def _u(salt: int) -> str:
    """A deterministic double in [0, 1) for row i."""
    return f"(({_h(salt)} % 1000000007) / 1000000007.0)"


def _pick(values: list[str], salt: int) -> str:
    """A uniformly chosen element of a constant list (DuckDB lists are 1-indexed)."""
    return f"{_sql_list(values)}[1 + {_n(salt, len(values))}]"


def _null_unless(percent_present: int, salt: int, expr: str) -> str:
    return f"CASE WHEN {_n(salt, 100)} < {percent_present} THEN {expr} END"


def _sentence(min_words: int, max_words: int, salt: int) -> str:
    """Free text: min_words..max_words words from WORDS, each chosen by hash(i, j, salt)."""
    span = max_words - min_words + 1
    word = f"{_sql_list(WORDS)}[1 + (hash(i, j, {salt}) % {len(WORDS)})::BIGINT]"
    return (f"array_to_string(list_transform(range({min_words} + {_n(salt, span)}), "
            f"lambda j: {word}), ' ') || '.'")


def generation_sql(rows: int, path: Path) -> str:
    """The COPY statement that writes the benchmark table. Column salts are unique per column."""
    customers = max(rows // 20, 1_000)
    first, last = _pick(FIRST_NAMES, 21), _pick(LAST_NAMES, 22)
    created = f"(TIMESTAMP '2019-01-01' + to_seconds({_n(11, 6 * 365 * 86_400)}))"
    columns = {
        # identifiers
        "order_id": "(i + 1)::BIGINT",                                     # unique
        "customer_id": f"(1 + {_n(1, customers)})",                        # foreign-key-like
        "product_id": f"(1 + {_n(2, 5_000)})::INTEGER",
        "store_id": f"(1 + {_n(3, 200)})::SMALLINT",
        # measures
        "amount": _null_unless(97, 4, f"round(exp({_u(5)} * 9.0), 2)"),  # log-uniform 1..8100
        "discount": f"CASE WHEN {_n(6, 10)} < 7 THEN 0.0 ELSE round({_u(7)} * 50, 2) END",
        "quantity": f"(1 + floor(20 * pow({_u(8)}, 3)))::SMALLINT",       # mostly 1-3
        "unit_price": f"({_n(9, 100_000)} / 100)::DECIMAL(10, 2)",
        "tax_rate": f"({_n(10, 2_500)} / 10000)::DECIMAL(5, 4)",
        "weight_kg": f"({_n(12, 50_000_000)} / 1000)::DECIMAL(8, 3)",
        "rating": _null_unless(60, 13, f"(1 + {_n(14, 5)})::TINYINT"),
        "latitude": f"round(-60 + {_u(15)} * 130, 6)",
        "longitude": f"round(-180 + {_u(16)} * 360, 6)",
        # time
        "order_date": f"CAST({created} AS DATE)",
        "created_at": created,
        "shipped_at": _null_unless(90, 17, f"{created} + to_seconds({_n(18, 10 * 86_400)})"),
        # low cardinality
        "status": _pick(STATUSES, 19),
        "country": _pick(COUNTRIES, 20),
        "channel": _pick(CHANNELS, 23),
        "currency": _pick(CURRENCIES, 24),
        "device": _pick(DEVICES, 25),
        # medium cardinality
        "city": f"{_pick(CITY_PREFIXES, 26)} || {_pick(CITY_SUFFIXES, 27)}",
        "zip_code": f"lpad({_n(28, 100_000)}::VARCHAR, 5, '0')",
        # people
        "first_name": first,
        "last_name": last,
        "email": (f"lower({first}) || '.' || lower({last}) || {_n(29, 1_000)}::VARCHAR"
                  f" || '@' || {_pick(EMAIL_DOMAINS, 30)}"),
        "phone": (f"format('+1-{{:03d}}-{{:03d}}-{{:04d}}', 200 + {_n(31, 800)}, "
                  f"{_n(32, 1_000)}, {_n(33, 10_000)})"),
        "ip_address": (f"format('{{}}.{{}}.{{}}.{{}}', 1 + {_n(34, 223)}, {_n(35, 256)}, "
                       f"{_n(36, 256)}, 1 + {_n(37, 254)})"),
        # free text, flags, codes
        "review_text": _sentence(5, 20, 38),
        "is_gift": f"({_n(39, 10)} = 0)",
        "is_returned": _null_unless(85, 40, f"({_n(41, 20)} = 0)"),
        "session_id": (f"format('{{:08x}}-{{:04x}}-4{{:03x}}-{{:04x}}-{{:012x}}', "
                       f"{_n(42, 1 << 32)}, {_n(43, 1 << 16)}, {_n(44, 1 << 12)}, "
                       f"{0x8000} + {_n(45, 1 << 14)}, {_n(46, 1 << 48)})"),
        "sku": (f"'SKU-' || {_pick(SKU_FAMILIES, 47)} || '-' "
                f"|| lpad({_n(48, 100_000)}::VARCHAR, 5, '0')"),
        # optional columns, 80% null
        "coupon_code": _null_unless(20, 49, f"'SAVE' || (5 * (1 + {_n(50, 10)}))::VARCHAR"),
        "referrer_url": _null_unless(
            20, 51, f"'https://' || {_pick(REFERRERS, 52)} || {_pick(URL_PATHS, 53)}"),
        "gift_message": _null_unless(20, 54, _sentence(3, 12, 55)),
        "loyalty_points": _null_unless(20, 56, f"{_n(57, 10_000)}::INTEGER"),
    }
    select = ",\n    ".join(f"{expr} AS {name}" for name, expr in columns.items())
    return (f"COPY (\n  SELECT\n    {select}\n  FROM range({rows}) t(i)\n) "
            f"TO {_sql_str(str(path))} (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_SIZE})")


def dataset_path(data_dir: Path, rows: int) -> Path:
    return data_dir / f"orders-v{GENERATOR_VERSION}-{rows}.parquet"


# Run in a child process, reading the COPY statement on stdin and printing the seconds it took.
_GENERATOR_CODE = """\
import sys, time, duckdb
sql = sys.stdin.read()
started = time.perf_counter()
con = duckdb.connect()
con.execute('SET enable_progress_bar = false')
con.execute(sql)
print(time.perf_counter() - started)
"""


def ensure_dataset(data_dir: Path, rows: int, regenerate: bool) -> tuple[Path, float | None]:
    """Return the cached Parquet file for `rows`, generating it first if needed.

    The second element is the generation time in seconds (the COPY statement alone, all
    cores), or None if the cache was used. The file is written under a temporary name and
    renamed, so an interrupted run never leaves a truncated file that a later run would
    mistake for a cached one. DuckDB runs in a child process to keep this one small.
    """
    path = dataset_path(data_dir, rows)
    if path.exists() and not regenerate:
        return path, None
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".parquet.partial")
    partial.unlink(missing_ok=True)
    argv = [sys.executable, "-c", _GENERATOR_CODE]
    done = subprocess.run(argv, input=generation_sql(rows, partial), capture_output=True,
                          text=True)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise CommandFailed(f"generating {rows:,} rows", argv, f"exit status {done.returncode}",
                            _tail(done.stderr))
    partial.replace(path)
    return path, float(done.stdout.split()[-1])


# --------------------------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------------------------

@dataclass
class Run:
    wall_s: float
    max_rss_kib: int


@dataclass
class Series:
    """All runs of one command on one file."""
    runs: list[Run] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def min_s(self) -> float:
        return min(r.wall_s for r in self.runs)

    @property
    def max_s(self) -> float:
        return max(r.wall_s for r in self.runs)

    @property
    def peak_rss_mib(self) -> float:
        return max(r.max_rss_kib for r in self.runs) / 1024


class CommandFailed(Exception):
    def __init__(self, label: str, argv: list[str], status: str, stderr_tail: str):
        super().__init__(f"{label} failed ({status})")
        self.label, self.argv, self.status, self.stderr_tail = label, argv, status, stderr_tail


def _tail(data: bytes | str, lines: int = STDERR_TAIL_LINES) -> str:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    text = text.rstrip()
    return "\n".join(text.splitlines()[-lines:]) if text else "(stderr was empty)"


def measure(label: str, argv: list[str]) -> Run:
    """Run argv once; return its wall time and peak RSS. Raise CommandFailed on failure.

    stdout is discarded and stderr goes to a temporary file (not a pipe, which could fill up
    and stall the child). os.wait4 reaps the child and returns its own rusage, so ru_maxrss
    is this child's peak and not the maximum over everything this script ever started. It
    cannot report less than a small floor inherited from this process (`spawn_floor_mib`).
    """
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=stderr)
        _, wait_status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(wait_status)  # we reaped it, tell Popen
        if proc.returncode != 0:
            status = (f"killed by signal {-proc.returncode}" if proc.returncode < 0
                      else f"exit status {proc.returncode}")
            stderr.seek(0)
            raise CommandFailed(label, argv, status, _tail(stderr.read()))
    return Run(wall_s=wall, max_rss_kib=rusage.ru_maxrss)


def duckdb_code(path: Path | None, threads: int | None) -> str:
    """Python source for the DuckDB subprocess; path None means import only."""
    if path is None:
        return "import duckdb"
    query = f"SUMMARIZE SELECT * FROM read_parquet({_sql_str(str(path))})"
    if threads is None:
        return f"import duckdb; duckdb.sql({query!r}).fetchall()"
    return (f"import duckdb; con = duckdb.connect(config={{'threads': {threads}}}); "
            f"con.sql({query!r}).fetchall()")


def warm_page_cache(path: Path) -> None:
    """Read the file once so that neither tool pays for the first, cold read from disk.

    A single reused 1 MiB buffer keeps this process's peak RSS, and thus the children's
    measurement floor, unchanged.
    """
    buffer = bytearray(1 << 20)
    with path.open("rb", buffering=0) as f:
        while f.readinto(buffer):
            pass


def duckdb_version() -> tuple[str | None, str]:
    """DuckDB's version as seen by a child interpreter, or (None, stderr tail) if not importable."""
    done = subprocess.run([sys.executable, "-c", "import duckdb; print(duckdb.__version__)"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return None, _tail(done.stderr, 3)
    return done.stdout.strip(), ""


def spawn_floor_mib() -> float:
    """Peak RSS reported for `/bin/true` started exactly like the benchmarked commands.

    Linux starts a child's ru_maxrss from the spawning process's resident size when the
    child execs (ru_maxrss is a maximum, so this is a floor, not an offset): any peak at or
    below this value says nothing about the tool.
    """
    true = "/bin/true" if os.path.exists("/bin/true") else "true"
    return measure("true", [true]).max_rss_kib / 1024


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------

def machine_summary() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown RAM"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / (1024 * 1024):.1f} GiB RAM"
                break
    except OSError:
        pass
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    nproc = f"{usable} usable cores" + (f" (of {cores})" if usable != cores else "")
    return f"machine: {nproc}, {cpu}, {ram}"


def _rate(count: float, seconds: float) -> str:
    if seconds <= 0:
        return "n/a"
    rate = count / seconds
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if rate >= scale:
            return f"{rate / scale:.2f}{unit}"
    return f"{rate:.0f}"


@dataclass
class SizeResult:
    rows: int
    file_bytes: int
    gapscan: Series | None
    duckdb: Series | None


def print_report(results: list[SizeResult], overhead: Series | None) -> None:
    header = ("rows", "tool", "median s", "min-max s", "rows/s", "MB/s", "peak RSS MiB")
    table: list[tuple[str, ...]] = []
    for res in results:
        size_mb = res.file_bytes / 1e6

        def row(tool: str, seconds: float, spread: str, rss: str) -> tuple[str, ...]:
            ok = seconds > 0
            return (f"{res.rows:,}", tool, f"{seconds:.3f}" if ok else "n/a", spread,
                    _rate(res.rows, seconds), f"{size_mb / seconds:.1f}" if ok else "n/a", rss)

        for tool, series in (("gapscan", res.gapscan), ("duckdb SUMMARIZE", res.duckdb)):
            if series is not None:
                table.append(row(tool, series.median_s, f"{series.min_s:.3f}-{series.max_s:.3f}",
                                 f"{series.peak_rss_mib:.0f}"))
        if res.duckdb is not None and overhead is not None:
            table.append(row("duckdb - import", res.duckdb.median_s - overhead.median_s,
                             "", "(as above)"))
    if overhead is not None:
        table.append(("-", "python+import duckdb", f"{overhead.median_s:.3f}",
                      f"{overhead.min_s:.3f}-{overhead.max_s:.3f}", "-", "-",
                      f"{overhead.peak_rss_mib:.0f}"))

    widths = [max(len(r[c]) for r in [header, *table]) for c in range(len(header))]
    left = {1}  # the tool column is left-aligned, numbers right-aligned

    def fmt(r: tuple[str, ...]) -> str:
        return "  ".join(v.ljust(w) if c in left else v.rjust(w)
                         for c, (v, w) in enumerate(zip(r, widths)))

    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for r in table:
        print(fmt(r))

    comparable = [r for r in results if r.gapscan is not None and r.duckdb is not None]
    if comparable:
        print()
        print("gapscan / duckdb (time ratio < 1 means gapscan is faster):")
    for res in comparable:
        g, d = res.gapscan.median_s, res.duckdb.median_s
        fair = d - overhead.median_s if overhead is not None else d
        fair_ratio = f"{g / fair:.2f}x" if fair > 0 else "n/a"
        print(f"  {res.rows:>12,} rows: time {fair_ratio} vs DuckDB minus import overhead "
              f"({g / d:.2f}x vs raw); peak RSS gapscan {res.gapscan.peak_rss_mib:.0f} MiB, "
              f"DuckDB {res.duckdb.peak_rss_mib:.0f} MiB")


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time `gapscan profile` against DuckDB SUMMARIZE on generated Parquet files.",
        epilog="Needs `python3 -m pip install duckdb` and, unless --only duckdb, "
               "`cargo build --release`.")
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000], metavar="N",
                        help="row counts to benchmark, e.g. --rows 1000000 10000000 "
                             "(default: 1000000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs per tool and size, alternating order (default: 3)")
    parser.add_argument("--gapscan", type=Path, default=REPO_ROOT / "target/release/gapscan",
                        help="gapscan binary (default: target/release/gapscan)")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / "target/bench-data",
                        help="where generated Parquet files are cached, keyed by row count "
                             "(default: target/bench-data/)")
    parser.add_argument("--only", choices=["gapscan", "duckdb"],
                        help="benchmark one tool only (default: both)")
    parser.add_argument("--duckdb-threads", type=int, metavar="N",
                        help="pin DuckDB's thread count (default: DuckDB's own, all cores)")
    parser.add_argument("--regenerate", action="store_true",
                        help="regenerate the Parquet files even if cached")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if any(n < 1 for n in args.rows):
        parser.error("--rows values must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    version, why = duckdb_version()  # never imported here, see the module docstring
    if version is None:
        print(f"error: the `duckdb` Python package is not importable by {sys.executable}:\n"
              f"{why}\nInstall it with:  {sys.executable} -m pip install duckdb",
              file=sys.stderr)
        return 2

    run_gapscan = args.only in (None, "gapscan")
    run_duckdb = args.only in (None, "duckdb")
    gapscan = args.gapscan.resolve()
    if run_gapscan and not os.access(gapscan, os.X_OK):
        print(f"error: no gapscan binary at {gapscan}.\nBuild it with `cargo build --release` "
              "in the repository root, pass --gapscan PATH, or use --only duckdb.",
              file=sys.stderr)
        return 2

    print(machine_summary())
    print(f"duckdb {version} (python {sys.version.split()[0]}), threads: "
          f"{args.duckdb_threads or 'default (all cores)'}; gapscan: "
          f"{gapscan if run_gapscan else 'skipped'}; {args.repeat} runs each, alternating order")
    print(f"peak RSS floor: {spawn_floor_mib():.0f} MiB (what /bin/true reports when started "
          "the same way; lower peaks cannot be seen)")
    print()

    try:
        overhead = None
        if run_duckdb:
            overhead = Series()
            import_argv = [sys.executable, "-c", duckdb_code(None, None)]
            measure("python -c 'import duckdb'", import_argv)  # warm-up, not recorded
            for _ in range(args.repeat):
                overhead.runs.append(measure("python -c 'import duckdb'", import_argv))
            print(f"interpreter + `import duckdb` overhead: median {overhead.median_s:.3f} s",
                  file=sys.stderr)

        results = []
        with tempfile.TemporaryDirectory(prefix="gapscan-bench-") as tmp:
            for rows in args.rows:
                results.append(bench_size(args, rows, gapscan, Path(tmp),
                                          run_gapscan, run_duckdb))
    except CommandFailed as err:
        print(f"\nerror: {err}\ncommand: {subprocess.list2cmdline(err.argv)}\n"
              f"stderr (last {STDERR_TAIL_LINES} lines):\n{err.stderr_tail}", file=sys.stderr)
        return 1

    print()
    print_report(results, overhead)
    return 0


def bench_size(args: argparse.Namespace, rows: int, gapscan: Path, tmp: Path,
               run_gapscan: bool, run_duckdb: bool) -> SizeResult:
    """Generate or reuse the file for `rows`, then time every tool `--repeat` times on it."""
    path, gen_s = ensure_dataset(args.data_dir, rows, args.regenerate)
    file_bytes = path.stat().st_size
    origin = f"generated in {gen_s:.1f} s" if gen_s is not None else "cached"
    print(f"{rows:,} rows: {path} ({file_bytes / 1e6:.1f} MB, {origin})")
    warm_page_cache(path)

    commands = []
    if run_gapscan:
        out = tmp / f"gapscan-{rows}.json"
        commands.append(("gapscan", [str(gapscan), "profile", str(path), "-o", str(out)]))
    if run_duckdb:
        commands.append(("duckdb", [sys.executable, "-c", duckdb_code(path, args.duckdb_threads)]))

    series = {label: Series() for label, _ in commands}
    for i in range(args.repeat):
        order = commands if i % 2 == 0 else commands[::-1]
        for label, argv in order:
            run = measure(label, argv)
            series[label].runs.append(run)
            print(f"  run {i + 1}/{args.repeat} {label:<8} {run.wall_s:8.3f} s "
                  f"{run.max_rss_kib / 1024:8.0f} MiB", file=sys.stderr)
    return SizeResult(rows, file_bytes, series.get("gapscan"), series.get("duckdb"))


if __name__ == "__main__":
    sys.exit(main())
