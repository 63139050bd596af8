"""Full-size run for lab 2.1: the numbers in README.md's results table.

    python run_full.py                      # the reference solution
    python run_full.py --impl lab           # your lab.py (once every region is written)
    python run_full.py --fashion-train 20000 --jobs 2

What it does (about 4 minutes on 2 cores):
  1. sklearn digits, all 1,797 images: 5-fold stratified CV of HOG -> scaler -> {SVM, RF,
     XGBoost}, a raw-pixel SVM baseline, hard vs linear orientation binning, a grid search
     over the SVM's C and gamma, and the writer-shift experiment (train on the first half of
     the file, test on the second).
  2. Fashion-MNIST: train on a stratified random subset of the 60k training images (10,000 by
     default), test on the full 10,000-image test set; SVM on fine HOG (4x4-pixel cells,
     1,296 features) and SVM / RF / XGBoost on coarse HOG (7x7-pixel cells, 324 features),
     then a randomised search of the SVM on a 3,000-image subset.
Every line prints the accuracy and the wall time it took; a Markdown table comes last.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Self

import numpy as np
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.svm import SVC

from cvlab import data
from cvlab.testing import load

HERE = Path(__file__).resolve().parent
ROWS: list[tuple[str, ...]] = []  # dataset, model, protocol, accuracy, wall s, CPU s
#: XGBoost's settings here: 100 rounds x 10 classes = 1,000 trees. n_jobs=1 on purpose: on a
#: busy 2-core machine its OpenMP threads spin-wait for each other (measured 13x slower with 2).
XGB = {"n_estimators": 100, "max_depth": 4, "learning_rate": 0.3, "max_bin": 64, "n_jobs": 1}


class Timer:
    """Wall time and CPU time (all threads of this process) of a block."""

    def __enter__(self) -> Self:
        self.t, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.t, time.process_time() - self.c


def record(dataset: str, model: str, protocol: str, acc: str, t: Timer) -> None:
    ROWS.append((dataset, model, protocol, acc, f"{t.wall:.1f}", f"{t.cpu:.1f}"))
    print(f"{dataset:<14} {model:<52} {protocol:<30} {acc:<16} {t.wall:7.1f} s wall {t.cpu:7.1f} s CPU", flush=True)


def _flatten(X: np.ndarray) -> np.ndarray:
    return X.reshape(len(X), -1)


def digits_part(lab, jobs: int) -> None:
    X, y = data.digits()  # (1797, 8, 8) floats 0..16, ordered roughly by writer
    hog = {"pixels_per_cell": (2, 2), "cells_per_block": (2, 2)}  # 4x4 cells, 3x3 blocks -> 324 features
    folds = StratifiedKFold(5, shuffle=True, random_state=0)

    def cv(name: str, pipe) -> None:
        with Timer() as t:
            s = lab.cross_validate(pipe, X, y, cv=folds)
        record("digits", name, "5-fold CV, mean +/- std", f"{s.mean():.4f} +/- {s.std():.4f}", t)

    cv(
        "raw pixels -> scaler -> SVM (baseline)",
        Pipeline([("flat", FunctionTransformer(_flatten)), ("scale", StandardScaler()), ("clf", SVC(C=10))]),
    )
    cv("HOG hard bins -> scaler -> SVM", lab.build_pipeline("svm", {**hog, "binning": "hard"}))
    cv("HOG linear bins -> scaler -> SVM", lab.build_pipeline("svm", hog))
    cv("HOG linear -> scaler -> RandomForest(200)", lab.build_pipeline("rf", hog, n_jobs=jobs))
    cv("HOG linear -> scaler -> XGBoost(100 rounds, depth 4)", lab.build_pipeline("xgb", hog, **XGB))

    with Timer() as t:
        res = lab.search(
            lab.build_pipeline("svm", hog),
            {"clf__C": [1, 10, 100], "clf__gamma": ["scale", 0.001, 0.01]},
            X,
            y,
            cv=folds,
        )
    record(
        "digits",
        f"grid search SVM, 9 candidates: best {res.best_params}",
        "5-fold CV of the best",
        f"{res.best_score:.4f}",
        t,
    )

    # Writer shift: the file is ordered, so its halves come mostly from different writers.
    half = len(y) // 2
    with Timer() as t:
        r = lab.evaluate(lab.build_pipeline("svm", hog), X[:half], y[:half], X[half:], y[half:])
    record("digits", "HOG linear -> scaler -> SVM", "train 1st half, test 2nd half", f"{r['accuracy']:.4f}", t)


def fashion_part(lab, jobs: int, n_train: int, n_test: int) -> None:
    X_all, y_all = data.fashion_mnist("train")  # (60000, 28, 28) uint8
    X_test, y_test = data.fashion_mnist("test")  # (10000, 28, 28) uint8
    rng = np.random.default_rng(0)
    per_class = n_train // 10
    idx = np.concatenate([rng.permutation(np.flatnonzero(y_all == k))[:per_class] for k in range(10)])
    X, y = X_all[idx], y_all[idx]
    X_test, y_test = X_test[:n_test], y_test[:n_test]
    protocol = f"train {len(y):,}, test {len(y_test):,}"
    fine = {"pixels_per_cell": (4, 4), "cells_per_block": (2, 2)}  # 7x7 cells -> 1,296 features
    coarse = {"pixels_per_cell": (7, 7), "cells_per_block": (2, 2)}  # 4x4 cells -> 324 features

    def run(name: str, pipe) -> None:
        with Timer() as t:
            r = lab.evaluate(pipe, X, y, X_test, y_test)
        record("Fashion-MNIST", name, protocol, f"{r['accuracy']:.4f}", t)

    run("HOG 4x4 cells (1,296) -> scaler -> SVM", lab.build_pipeline("svm", fine))
    run("HOG 7x7 cells (324) -> scaler -> SVM", lab.build_pipeline("svm", coarse))
    run("HOG 7x7 cells (324) -> scaler -> RandomForest(200)", lab.build_pipeline("rf", coarse, n_jobs=jobs))
    run("HOG 7x7 cells (324) -> scaler -> XGBoost(100 rounds, depth 4)", lab.build_pipeline("xgb", coarse, **XGB))

    sub = np.random.default_rng(1).permutation(len(y))[:3000]
    from scipy.stats import loguniform

    with Timer() as t:
        res = lab.search(
            lab.build_pipeline("svm", coarse),
            {"clf__C": loguniform(0.3, 300), "clf__gamma": loguniform(3e-4, 3e-2)},
            X[sub],
            y[sub],
            cv=StratifiedKFold(3, shuffle=True, random_state=0),
            n_iter=8,
            random_state=0,
        )
    best = {k.removeprefix("clf__"): float(f"{float(v):.3g}") for k, v in res.best_params.items()}
    record(
        "Fashion-MNIST",
        f"random search SVM (324), 8 candidates: best {best}",
        "3-fold CV on 3,000",
        f"{res.best_score:.4f}",
        t,
    )
    with Timer() as t:
        acc = float((res.best_estimator.predict(X_test) == y_test).mean())
    record(
        "Fashion-MNIST", "...the search's refitted best model (3,000 images)", f"test {len(y_test):,}", f"{acc:.4f}", t
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--impl", default="solution", help="'solution', 'lab' or a path to a .py file")
    ap.add_argument("--jobs", type=int, default=2, help="threads for RandomForest (XGBoost stays at 1, see XGB)")
    ap.add_argument("--fashion-train", type=int, default=10_000, help="training images (stratified subset)")
    ap.add_argument("--fashion-test", type=int, default=10_000, help="test images (first N of the test split)")
    ap.add_argument("--skip-digits", action="store_true")
    ap.add_argument("--skip-fashion", action="store_true")
    args = ap.parse_args()

    lab = load(HERE, args.impl)
    print(f"implementation: {args.impl}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}", flush=True)
    t0 = time.perf_counter()
    if not args.skip_digits:
        digits_part(lab, args.jobs)
    if not args.skip_fashion:
        fashion_part(lab, args.jobs, args.fashion_train, args.fashion_test)
    total = time.perf_counter() - t0
    print(f"\ntotal {total:.0f} s; load average now {os.getloadavg()[0]:.1f}\n")
    print("| dataset | pipeline | protocol | accuracy | wall (s) | CPU (s) |")
    print("|---|---|---|---|---|---|")
    for row in ROWS:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
