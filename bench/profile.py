"""Ranks the stacks `BENCH_PROFILE=FOLDER python -m bench ...` wrote (py-spy's collapsed
format: frames joined by ';', the sample count last): the frames that hold the most
samples, inclusive (anywhere on the stack) and exclusive (on top).

    .venv/bin/python -m bench.profile FOLDER/poll-1000.txt [--top 25] [--match app/]
"""
from __future__ import annotations

import argparse
from collections import Counter


def load(path: str) -> list[tuple[list[str], int]]:
    stacks = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            frames, _, count = line.rstrip("\n").rpartition(" ")
            if frames and count.isdigit():
                stacks.append((frames.split(";"), int(count)))
    return stacks


def rank(stacks, match: str = "") -> tuple[int, Counter, Counter]:
    total, inclusive, exclusive = 0, Counter(), Counter()
    for frames, count in stacks:
        total += count
        for frame in set(f for f in frames if match in f):
            inclusive[frame] += count
        if frames and match in frames[-1]:
            exclusive[frames[-1]] += count
    return total, inclusive, exclusive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", default="", help="only frames whose text holds this")
    args = parser.parse_args()
    total, inclusive, exclusive = rank(load(args.path), args.match)
    print(f"{total} samples")
    for title, counter in (("inclusive", inclusive), ("exclusive", exclusive)):
        print(f"\n-- {title}")
        for frame, count in counter.most_common(args.top):
            print(f"{100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
