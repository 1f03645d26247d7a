#!/usr/bin/env python3
"""Summary of tools/ner_cv.sh: reads OUT/fold{1..K}.grid.tsv (dev counts per
type at each point of the bias grid), chooses the point with the best mean
F1 over the folds, and prints per fold and type P/R/F1 (F1 here) at O=ORG=
MISC=0 and at the chosen point, their mean and standard deviation. The last
line is the choice: "O=… ORG=… MISC=…".

With --news-dev GRID (the same grid scored on held-apart annotated news by
a model trained without it), the choice maximizes the mean of the two: the
folds' mean F1 on ANERcorp and the F1 on current news.

Usage: ner_cv_summary.py OUT_DIR K [--news-dev GRID]
"""
import statistics
import sys

TYPES = ["PERS", "LOC", "ORG", "MISC"]


def f1(gold, predicted, correct):
    return 200.0 * correct / (gold + predicted) if gold + predicted else 0.0


def overall(counts):
    return sum(counts[0::3]), sum(counts[1::3]), sum(counts[2::3])


def read_grid(path):
    with open(path, encoding="utf-8") as f:
        rows = f.read().split("\n")[1:]
    grid = {}
    for row in filter(None, rows):
        v = row.split("\t")
        grid[tuple(float(x) for x in v[:3])] = [int(x) for x in v[3:]]
    return grid


def main():
    out, k = sys.argv[1], int(sys.argv[2])
    news = None
    if len(sys.argv) > 4 and sys.argv[3] == "--news-dev":
        news = read_grid(sys.argv[4])
    grids = [read_grid(f"{out}/fold{fold}.grid.tsv")
             for fold in range(1, k + 1)]
    points = set(grids[0]).intersection(*grids[1:])
    if news is not None:
        points &= set(news)

    def mean_f1(point):
        return statistics.mean(f1(*overall(g[point])) for g in grids)

    def criterion(point):
        if news is None:
            return mean_f1(point)
        return (mean_f1(point) + f1(*overall(news[point]))) / 2

    best = max(sorted(points), key=criterion)
    print(f"{k}-fold CV over contiguous blocks of ANERcorp CAMeL train "
          "(entity F1 per type)")
    shown = [("chosen biases", best)]
    if (0.0, 0.0, 0.0) in points:
        shown.insert(0, ("no biases", (0.0, 0.0, 0.0)))
    for label, point in shown:
        print(f"-- {label}: O={point[0]:g} ORG={point[1]:g} "
              f"MISC={point[2]:g}")
        names = TYPES + ["all"]
        print("fold " + "".join(f"{t:>8}" for t in names))
        per_type = {t: [] for t in names}
        for i, grid in enumerate(grids, 1):
            c = grid[point]
            scores = [f1(*c[3 * j:3 * j + 3]) for j in range(4)]
            scores.append(f1(*overall(c)))
            for t, s in zip(names, scores):
                per_type[t].append(s)
            print(f"{i:<5}" + "".join(f"{s:8.2f}" for s in scores))
        print("mean " + "".join(f"{statistics.mean(per_type[t]):8.2f}"
                                for t in names))
        print("sd   " + "".join(f"{statistics.stdev(per_type[t]):8.2f}"
                                for t in names))
    if news is not None:
        for label, point in shown:
            c = news[point]
            print(f"news dev, {label}: " + " ".join(
                f"{t} {f1(*c[3 * j:3 * j + 3]):.2f}"
                for j, t in enumerate(TYPES)) +
                f" all {f1(*overall(c)):.2f}")
        print(f"criterion: mean of ANERcorp CV {mean_f1(best):.2f} and news "
              f"dev {f1(*overall(news[best])):.2f}")
    print(f"O={best[0]:g} ORG={best[1]:g} MISC={best[2]:g}")


if __name__ == "__main__":
    main()
