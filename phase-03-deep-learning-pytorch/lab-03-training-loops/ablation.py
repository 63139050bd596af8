"""Ablation on Fashion-MNIST: what BatchNorm, dropout, augmentation and a warmup + cosine
schedule each change for a small CNN trained briefly on CPU.

    python ablation.py                       # defaults: 10k train images, 10 epochs, 2 seeds
    python ablation.py --impl lab            # the same with YOUR lab.py (needs the regions done)
    python ablation.py --epochs 3            # the short-training regime of the README
    python ablation.py --epochs 30 --seeds 1 --out results.json
    python ablation.py --quick               # 2k images, 1 epoch, 1 seed: a smoke test
    python ablation.py --bench               # only the cost of a training step per configuration

On an idle 2-core machine a 10-epoch run of one configuration takes 10-30 s, the default
command a few minutes.

Every configuration trains the same CNN family with the lab's own AdamW, `make_loader`,
`train` and (for the schedule) `make_warmup_cosine`, changing ONE thing relative to the
baseline, plus a run with all four. It reports test accuracy on the full 10k test set,
accuracy on the training subset (eval mode, no augmentation: the train-test gap is what the
regularisers act on), the mean training loss of the last epoch, and the wall-clock and CPU
time of training (CPU time = both threads together; it is the number to compare when the
machine is shared), as a Markdown table (mean ± half the range over seeds when there are 2, ± std for more).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.utils.data import Dataset

HERE = Path(__file__).resolve().parent
MEAN, STD = 0.2860, 0.3530  # Fashion-MNIST training-set pixel mean and std (in [0, 1] units)


@dataclass(frozen=True)
class Config:
    name: str
    batchnorm: bool = False
    dropout: float = 0.0
    augment: bool = False
    schedule: bool = False


CONFIGS = [
    Config("baseline"),
    Config("+ BatchNorm", batchnorm=True),
    Config("+ dropout 0.3", dropout=0.3),
    Config("+ augmentation", augment=True),
    Config("+ warmup-cosine", schedule=True),
    Config("all four", batchnorm=True, dropout=0.3, augment=True, schedule=True),
]


class SmallCNN(nn.Module):
    """conv3x3(16) [BN] ReLU pool -> conv3x3(32) [BN] ReLU pool -> [dropout] FC 128 ReLU [dropout] -> FC 10."""

    def __init__(self, batchnorm: bool, dropout: float) -> None:
        super().__init__()

        def block(c_in: int, c_out: int) -> list[nn.Module]:
            # with BN the conv bias is redundant (BN's beta replaces it)
            layers: list[nn.Module] = [nn.Conv2d(c_in, c_out, 3, padding=1, bias=not batchnorm)]
            layers += [nn.BatchNorm2d(c_out)] if batchnorm else []
            return layers + [nn.ReLU(), nn.MaxPool2d(2)]

        drop = [nn.Dropout(dropout)] if dropout > 0 else []
        self.net = nn.Sequential(
            *block(1, 16),
            *block(16, 32),
            nn.Flatten(),  # (N, 32, 7, 7) -> (N, 1568)
            *drop,
            nn.Linear(32 * 7 * 7, 128),
            nn.ReLU(),
            *drop,
            nn.Linear(128, 10),
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.net(x)


class FashionDataset(Dataset):
    """Normalised (1, 28, 28) float tensors; optional per-sample random crop (pad 2) + flip."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, augment: bool) -> None:
        x = torch.from_numpy(np.array(images, dtype=np.float32)).div_(255.0).sub_(MEAN).div_(STD)
        self.x, self.y = x.unsqueeze(1), torch.from_numpy(labels)  # (N, 1, 28, 28), (N,)
        self.transform = None
        if augment:
            from torchvision.transforms import v2

            # Padding with the normalised value of a black pixel keeps the border "background".
            self.transform = v2.Compose([v2.RandomCrop(28, padding=2, fill=-MEAN / STD), v2.RandomHorizontalFlip()])

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i: int) -> tuple[Tensor, Tensor]:
        x = self.x[i]
        return (self.transform(x) if self.transform is not None else x), self.y[i]


@torch.no_grad()
def accuracy(model: nn.Module, x: Tensor, y: Tensor, batch: int = 1000) -> float:
    model.eval()
    correct = sum(int((model(x[i : i + batch]).argmax(1) == y[i : i + batch]).sum()) for i in range(0, len(y), batch))
    return correct / len(y)


def run(impl, cfg: Config, seed: int, train_xy, test_xy, epochs: int, batch: int, lr: float) -> dict:
    torch.manual_seed(seed)
    np.random.seed(seed)
    model = SmallCNN(cfg.batchnorm, cfg.dropout)
    dataset = FashionDataset(*train_xy, augment=cfg.augment)
    loader = impl.make_loader(dataset, batch_size=batch, seed=seed)
    steps = epochs * len(loader)
    # No weight decay on biases and normalisation parameters (1-d tensors): standard practice.
    decay = [p for p in model.parameters() if p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.ndim <= 1]
    opt = impl.AdamW([{"params": decay, "weight_decay": 1e-4}, {"params": no_decay, "weight_decay": 0.0}], lr=lr)
    sched = impl.make_warmup_cosine(opt, warmup_steps=len(loader) // 2, total_steps=steps) if cfg.schedule else None
    t0, c0 = time.perf_counter(), time.process_time()
    progress = impl.train(model, opt, sched, loader, F.cross_entropy, steps)
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    x_train = FashionDataset(*train_xy, augment=False).x
    x_test = FashionDataset(*test_xy, augment=False).x
    return {
        "config": cfg.name,
        "seed": seed,
        "test_acc": accuracy(model, x_test, torch.from_numpy(test_xy[1])),
        "train_acc": accuracy(model, x_train, torch.from_numpy(train_xy[1])),
        "last_epoch_loss": float(np.mean(progress.losses[-len(loader) :])),
        "train_seconds": seconds,
        "train_cpu_seconds": cpu_seconds,
        "steps": steps,
    }


def bench(impl, train_xy, batch: int, lr: float, steps: int = 60, rounds: int = 3) -> str:
    """Training cost per step of each configuration, measured interleaved (config by config,
    `rounds` times) and reported as the minimum, which is the least disturbed by other load."""
    best: dict[str, float] = {}
    for _ in range(rounds):
        for cfg in CONFIGS:
            torch.manual_seed(0)
            model = SmallCNN(cfg.batchnorm, cfg.dropout)
            loader = impl.make_loader(FashionDataset(*train_xy, augment=cfg.augment), batch_size=batch, seed=0)
            opt = impl.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
            sched = impl.make_warmup_cosine(opt, 10, steps) if cfg.schedule else None
            impl.train(model, opt, sched, loader, F.cross_entropy, 5)  # warm-up: allocator, first-call costs
            t0 = time.perf_counter()
            impl.train(model, opt, sched, loader, F.cross_entropy, 5 + steps, impl.Progress(step=5))
            ms = 1000 * (time.perf_counter() - t0) / steps
            best[cfg.name] = min(ms, best.get(cfg.name, float("inf")))
    base = best[CONFIGS[0].name]
    lines = ["| configuration | ms / training step | relative |", "|---|---|---|"]
    lines += [f"| {name} | {ms:.1f} | {ms / base:.2f} |" for name, ms in best.items()]
    return "\n".join(lines)


def _spread(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0
    if len(values) == 2:
        return abs(values[0] - values[1]) / 2
    return statistics.stdev(values)


def table(results: list[dict]) -> str:
    lines = [
        "| configuration | test acc % | train acc % | gap (pp) | last-epoch train loss | wall s | CPU s |",
        "|---|---|---|---|---|---|---|",
    ]
    for cfg in CONFIGS:
        rows = [r for r in results if r["config"] == cfg.name]
        if not rows:
            continue
        te = [100 * r["test_acc"] for r in rows]
        tr = [100 * r["train_acc"] for r in rows]
        gap = [a - b for a, b in zip(tr, te)]
        loss = [r["last_epoch_loss"] for r in rows]
        sec = [r["train_seconds"] for r in rows]
        cpu = [r["train_cpu_seconds"] for r in rows]
        lines.append(
            f"| {cfg.name} | {statistics.mean(te):.2f} ± {_spread(te):.2f} | {statistics.mean(tr):.2f} | "
            f"{statistics.mean(gap):+.2f} | {statistics.mean(loss):.3f} | {statistics.mean(sec):.0f} | "
            f"{statistics.mean(cpu):.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--impl", default="solution", help="solution (default), lab, or a path to a .py file")
    ap.add_argument("--train", type=int, default=10_000, help="training images (a stratified-enough random subset)")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    ap.add_argument("--only", nargs="*", help="run only these configuration names")
    ap.add_argument("--out", type=Path, help="also write the per-run results as JSON")
    ap.add_argument("--quick", action="store_true", help="2k images, 1 epoch, 1 seed")
    ap.add_argument("--bench", action="store_true", help="only time a training step of each configuration")
    args = ap.parse_args(argv)
    if args.quick:
        args.train, args.epochs, args.seeds = 2000, 1, 1

    sys.path.insert(0, str(HERE.parent.parent))  # so `cvlab` imports when run from this folder
    from cvlab import data
    from cvlab.testing import load

    torch.set_num_threads(args.threads)
    impl = load(HERE, args.impl)
    x_all, y_all = data.fashion_mnist("train")
    pick = np.random.default_rng(0).permutation(len(y_all))[: args.train]  # the same subset for every run
    train_xy = (x_all[pick], y_all[pick])
    test_xy = data.fashion_mnist("test")
    if args.bench:
        print(f"batch {args.batch}, {args.threads} threads, min over 3 interleaved rounds of 60 steps")
        print(bench(impl, train_xy, args.batch, args.lr))
        return
    configs = [c for c in CONFIGS if not args.only or c.name in args.only]
    print(
        f"Fashion-MNIST: {len(pick)} train / {len(test_xy[1])} test images, {args.epochs} epochs, "
        f"batch {args.batch}, AdamW lr {args.lr}, seeds {list(range(args.seeds))}, {args.threads} threads"
    )
    results = []
    t_start = time.perf_counter()
    for cfg in configs:
        for seed in range(args.seeds):
            r = run(impl, cfg, seed, train_xy, test_xy, args.epochs, args.batch, args.lr)
            results.append(r)
            print(
                f"  {cfg.name:18s} seed {seed}: test {100 * r['test_acc']:.2f}%  train {100 * r['train_acc']:.2f}%  "
                f"loss {r['last_epoch_loss']:.3f}  {r['train_seconds']:.0f}s wall, {r['train_cpu_seconds']:.0f}s CPU",
                flush=True,
            )
    print(f"\ntotal {time.perf_counter() - t_start:.0f}s\n")
    print(table(results))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
