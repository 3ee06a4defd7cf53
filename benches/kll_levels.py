#!/usr/bin/env python3
"""How often a KLL sketch compacts, by its level sizes alone.

Simulates the sizes of DataSketches' KLL levels (capacity k * (2/3)^depth, at least 8 items;
when the sketch is full, the lowest level at its capacity is halved into the one above) as
`n` values arrive, and prints the number of levels, the lowest levels' capacities and the
compactions per value. The items themselves and the random halving do not change the sizes.

    python3 benches/kll_levels.py [N ...]      # default: 500000 5000000, for k = 400 and 800
"""
import sys

MIN_CAPACITY = 8


def capacities(k, levels):
    return [max(MIN_CAPACITY, round(k * (2 / 3) ** (levels - level - 1))) for level in range(levels)]


def simulate(k, n):
    sizes = [0]
    caps = capacities(k, 1)
    total_cap = sum(caps)
    retained = 0
    compactions = 0
    for _ in range(n):
        if retained >= total_cap:
            level = next(l for l, size in enumerate(sizes) if size >= caps[l])
            if level + 1 == len(sizes):
                sizes.append(0)
                caps = capacities(k, len(sizes))
                total_cap = sum(caps)
            moved = sizes[level] // 2
            sizes[level + 1] += moved
            sizes[level] -= 2 * moved
            retained -= moved
            compactions += 1
        sizes[0] += 1
        retained += 1
    return len(sizes), caps, compactions


def main():
    counts = [int(a) for a in sys.argv[1:]] or [500_000, 5_000_000]
    for n in counts:
        for k in (400, 800):
            levels, caps, compactions = simulate(k, n)
            print(f"n={n:>10,}  k={k}  levels={levels:>2}  lowest capacities={caps[:4]}  "
                  f"one compaction per {n / compactions:.0f} values")


if __name__ == "__main__":
    main()
