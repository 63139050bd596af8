"""Lab 3.4 - Datasets and data loaders: feeding a detector correctly, reproducibly and fast.

Regions, in the order the README and the tests take them:

    dataset     ShapesDataset.load      one detection sample as tv_tensors (Image, BoundingBoxes, Mask)
    iterable    ShardedStream.__iter__  an IterableDataset that splits its range across workers
    collate     detection_collate       a batch of images with different numbers of boxes
    sampler     class_balanced_sampler  draw every class equally often from imbalanced labels
    seeding     seed_worker             per-worker seeds: reproducible runs, distinct workers
    hflip       hflip_boxes             mirror XYXY boxes (by hand, to see the x1/x2 swap)
    augment     train_transforms        a transforms.v2 pipeline that moves boxes and masks
    throughput  measure_throughput      images/s of a full epoch for several worker counts

The data are synthetic detection scenes from ``cvlab.data.synthetic.shapes`` (exact boxes
and masks) and Fashion-MNIST labels for the sampler. Run ``python solution.py`` (or
``python lab.py``) for the demo, ``python solution.py --throughput`` for the measurement
reported in the README.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, Sampler, WeightedRandomSampler, get_worker_info
from torchvision import tv_tensors
from torchvision.transforms import v2

from cvlab.data.synthetic.shapes import DEFAULT_CLASSES, ShapesDetection

Target = dict[
    str, Any
]  # {"boxes": BoundingBoxes (N, 4), "labels": int64 (N,), "masks": Mask (N, H, W), "image_id": int}
Sample = tuple[torch.Tensor, Target]

# ---------------------------------------------------------------------------------------
# 1. A map-style detection dataset
# ---------------------------------------------------------------------------------------


class ShapesDataset(Dataset):
    """Map-style detection dataset over generated scenes: ``ds[i] -> (image, target)``.

    * image: ``tv_tensors.Image`` float32 (3, H, W) in [0, 1];
    * target: ``{"boxes": tv_tensors.BoundingBoxes (N, 4) XYXY with canvas_size (H, W),
      "labels": int64 (N,), "masks": tv_tensors.Mask bool (N, H, W), "image_id": i}``.

    Scene i depends only on (seed, i), so any process can build any sample: nothing large is
    stored, and workers need no shared state. ``jitter`` > 0 multiplies the image by a random
    brightness gain drawn from ``self.rng``, a NumPy Generator the dataset owns; ``reseed``
    replaces it (``seed_worker`` calls it in each worker). ``transforms(image, target)``, if
    given, runs last: a transforms.v2 pipeline transforms every tv_tensor consistently.
    """

    def __init__(
        self,
        n: int,
        seed: int = 0,
        size: tuple[int, int] = (96, 96),
        n_objects: tuple[int, int] = (1, 4),
        classes: Sequence[str] = DEFAULT_CLASSES,
        transforms: Callable[..., Any] | None = None,
        jitter: float = 0.0,
        **scene_kwargs: Any,
    ) -> None:
        self.scenes = ShapesDetection(n, seed, size=size, n_objects=n_objects, classes=tuple(classes), **scene_kwargs)
        self.classes = tuple(classes)
        self.transforms = transforms
        self.jitter = float(jitter)
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return len(self.scenes)

    def reseed(self, seed: int) -> None:
        """Give this copy of the dataset its own random stream (called once per worker)."""
        self.rng = np.random.default_rng(seed)

    def load(self, index: int) -> Sample:
        """Scene ``index`` as (Image float32 (3, H, W) in [0, 1], target dict of tv_tensors)."""
        # BEGIN REGION dataset: Build sample `index` from self.scenes[index] (a Scene: image uint8 (H, W, 3) RGB,
        # | boxes float32 (N, 4) XYXY, labels int64 (N,), masks bool (N, H, W)). Raise IndexError when
        # | index >= len(self). Return (image, target): image a tv_tensors.Image, float32, shape (3, H, W),
        # | values in [0, 1]; target = {"boxes": tv_tensors.BoundingBoxes in XYXY format with
        # | canvas_size=(H, W), "labels": int64 tensor (N,), "masks": tv_tensors.Mask (N, H, W),
        # | "image_id": index}. The tv_tensor types are what tell transforms.v2 to move boxes and masks.
        if not 0 <= index < len(self):
            raise IndexError(f"index {index} out of range for a dataset of {len(self)} scenes")
        scene = self.scenes[index]
        h, w = scene.size
        image = tv_tensors.Image(torch.from_numpy(scene.image).permute(2, 0, 1).float().div_(255.0))  # (3, H, W)
        target = {
            # canvas_size is (height, width): the flip of a box needs the width, a crop needs both
            "boxes": tv_tensors.BoundingBoxes(torch.from_numpy(scene.boxes), format="XYXY", canvas_size=(h, w)),
            "labels": torch.from_numpy(scene.labels),  # int64 (N,): class indices stay plain tensors
            "masks": tv_tensors.Mask(torch.from_numpy(scene.masks)),  # (N, H, W) bool: resized with NEAREST
            "image_id": index,
        }
        return image, target
        # END REGION dataset

    def __getitem__(self, index: int) -> Sample:
        image, target = self.load(index)
        if self.jitter > 0:  # photometric augmentation drawn from the dataset's own NumPy Generator
            gain = float(self.rng.uniform(1.0 - self.jitter, 1.0 + self.jitter))
            image = tv_tensors.wrap((image * gain).clamp_(0.0, 1.0), like=image)
        if self.transforms is not None:
            image, target = self.transforms(image, target)
        return image, target


# ---------------------------------------------------------------------------------------
# 2. An iterable-style dataset that shards across workers
# ---------------------------------------------------------------------------------------


class ShardedStream(IterableDataset):
    """Streams ``make_item(i)`` for i in ``range(start, stop)`` (the index itself if None).

    An IterableDataset is copied into every worker process, and each copy's ``__iter__``
    runs in full: without sharding, ``num_workers=k`` yields every item k times. This one
    splits the range so that every index is produced exactly once over all workers.
    """

    def __init__(self, start: int, stop: int, make_item: Callable[[int], Any] | None = None) -> None:
        self.start, self.stop, self.make_item = int(start), int(stop), make_item

    def __iter__(self) -> Iterator[Any]:
        # BEGIN REGION iterable: Yield make_item(i) (or i when make_item is None) for every i in range(start, stop),
        # | each index exactly once over all DataLoader workers. torch.utils.data.get_worker_info() is None in
        # | the main process (yield everything, in order) and otherwise gives .id and .num_workers of the
        # | current worker: give each worker its own part of the range (no duplicates, no gaps).
        info = get_worker_info()
        if info is None:  # single-process loading: the whole range
            lo, hi = self.start, self.stop
        else:  # contiguous shards; the last one may be shorter (or empty when workers > items)
            per_worker = math.ceil((self.stop - self.start) / info.num_workers)
            lo = self.start + info.id * per_worker
            hi = min(lo + per_worker, self.stop)
        for i in range(lo, hi):
            yield i if self.make_item is None else self.make_item(i)
        # END REGION iterable


# ---------------------------------------------------------------------------------------
# 3. Collate: a batch whose images hold different numbers of boxes
# ---------------------------------------------------------------------------------------


def detection_collate(batch: Sequence[Sample]) -> tuple[torch.Tensor | list[torch.Tensor], list[Target]]:
    """Turn a list of (image, target) samples into (images, targets) for a detector.

    The default collate stacks every field, which fails (or worse, would need padding) for
    boxes: image 0 may hold 3 objects and image 1 none. Images are stacked into (B, 3, H, W)
    when they share a size (a list otherwise, as torchvision's detection models accept);
    targets stay a list of dicts, one per image, in batch order.
    """
    # BEGIN REGION collate: Return (images, targets). images: torch.stack of the B images (B, C, H, W) when all
    # | have the same shape, else a list of the B image tensors. targets: a list of the B target dicts
    # | unchanged (never stack or pad boxes: their counts differ, possibly 0). Keep the batch order.
    images = [image for image, _ in batch]
    targets = [target for _, target in batch]
    if len({tuple(im.shape) for im in images}) == 1:
        return torch.stack(images), targets  # (B, C, H, W); stacking drops the Image subclass (fine for a model)
    return images, targets
    # END REGION collate


# ---------------------------------------------------------------------------------------
# 4. A class-balanced sampler
# ---------------------------------------------------------------------------------------


def class_balanced_sampler(
    labels: Sequence[int] | np.ndarray | torch.Tensor,
    num_samples: int | None = None,
    generator: torch.Generator | None = None,
) -> Sampler[int]:
    """A sampler that draws every class with the same probability, whatever the class counts.

    Sample i gets weight 1 / count(labels[i]): each class then carries total weight 1, so a
    draw (with replacement) picks class c with probability 1/C, and inside the class every
    sample equally often. ``num_samples`` defaults to len(labels) (one "epoch").
    """
    # BEGIN REGION sampler: Return a torch Sampler yielding num_samples (default len(labels)) dataset indices in
    # | [0, len(labels)), drawn with replacement so that every class appears with the same probability.
    # | Use `generator` for the randomness. torch.utils.data.WeightedRandomSampler takes ONE WEIGHT PER SAMPLE.
    labels = torch.as_tensor(np.asarray(labels), dtype=torch.int64)  # (N,)
    counts = torch.bincount(labels)  # (C,) samples per class
    weights = 1.0 / counts[labels].double()  # (N,): 1/count of the sample's class
    n = len(labels) if num_samples is None else int(num_samples)
    return WeightedRandomSampler(weights, num_samples=n, replacement=True, generator=generator)
    # END REGION sampler


# ---------------------------------------------------------------------------------------
# 5. Reproducible workers
# ---------------------------------------------------------------------------------------


def seed_worker(worker_id: int) -> None:
    """``worker_init_fn``: seed everything a worker's augmentations may draw from.

    Runs first thing in each worker process. PyTorch already seeds the worker's torch
    generator with ``base_seed + worker_id`` (``base_seed`` is drawn from the loader's
    ``generator`` every epoch) and, since 1.9, Python's ``random`` and NumPy's global RNG
    from the same base. It cannot know about a ``numpy.random.Generator`` a dataset owns:
    fork copies it into every worker in the same state, so all workers (and every epoch)
    would draw identical "random" augmentations. Datasets here expose ``reseed(seed)``.
    """
    # BEGIN REGION seeding: In a worker process (torch.utils.data.get_worker_info() is not None), derive one seed
    # | that differs between workers, between epochs and between runs with different loader seeds, yet is the
    # | same for the same loader seed: the worker's torch seed is exactly that. Seed Python's `random`,
    # | NumPy's global RNG (seed must be < 2**32), and call info.dataset.reseed(seed) when the dataset has one.
    info = get_worker_info()
    seed = info.seed if info is not None else torch.initial_seed()  # base_seed + worker_id
    random.seed(seed)
    np.random.seed(seed % 2**32)  # the legacy global RNG (old code, some libraries)
    dataset = info.dataset if info is not None else None
    if dataset is not None and hasattr(dataset, "reseed"):
        dataset.reseed(seed)  # the dataset's own Generator: the duplication torch cannot fix for you
    # END REGION seeding


def make_loader(
    dataset: Dataset,
    batch_size: int,
    seed: int,
    num_workers: int = 0,
    shuffle: bool = True,
    collate_fn: Callable[[list[Any]], Any] | None = None,
    **kwargs: Any,
) -> DataLoader:
    """A DataLoader whose whole sequence of batches is a function of ``seed``.

    The ``generator`` drives the shuffle order and each epoch's ``base_seed`` for the
    workers; ``seed_worker`` spreads that seed to every library a worker uses. With
    ``num_workers=0`` there is no worker to initialise, so the dataset is reseeded here.
    """
    generator = torch.Generator().manual_seed(seed)
    if num_workers == 0 and hasattr(dataset, "reseed"):
        dataset.reseed(seed)
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=shuffle,
        num_workers=num_workers,
        collate_fn=collate_fn,
        worker_init_fn=seed_worker,
        generator=generator,
        **kwargs,
    )


# ---------------------------------------------------------------------------------------
# 6. Augmentations that move the boxes with the image
# ---------------------------------------------------------------------------------------


def hflip_boxes(boxes: torch.Tensor, width: int) -> torch.Tensor:
    """Mirror XYXY boxes (x2 exclusive, pixel-edge coordinates) in an image of this width.

    A point at x goes to width - x, so the left edge of the new box is the image of the OLD
    RIGHT edge:  (x1, y1, x2, y2) -> (W - x2, y1, W - x1, y2).
    """
    # BEGIN REGION hflip: Return a new (N, 4) tensor of the mirrored boxes, same dtype, input untouched.
    # | Coordinates are pixel edges (x2 exclusive), so a point x maps to width - x. Keep x1 <= x2.
    x1, y1, x2, y2 = boxes.unbind(-1)  # each (N,)
    return torch.stack([width - x2, y1, width - x1, y2], dim=-1)  # the old right edge becomes the left one
    # END REGION hflip


def train_transforms(
    out_size: int,
    hflip_p: float = 0.5,
    scale: tuple[float, float] = (0.3, 1.0),
    ratio: tuple[float, float] = (3 / 4, 4 / 3),
) -> v2.Transform:
    """Training augmentations for detection: flip, random resized crop, then clean the boxes.

    Called as ``image, target = t(image, target)``; tv_tensors route each input to the
    right kernel (bilinear for the Image, nearest for the Mask, coordinate maths for the
    BoundingBoxes); plain tensors (the labels) pass through untouched.
    """
    # BEGIN REGION augment: Return a transforms.v2 pipeline: horizontal flip with probability hflip_p, then a
    # | random resized crop to (out_size, out_size) with the given scale and ratio ranges, then boxes clamped
    # | to the new canvas, then degenerate boxes removed together with their labels and masks (the
    # | v2 transforms that do the last two steps exist). The result is called as t(image, target).
    return v2.Compose(
        [
            v2.RandomHorizontalFlip(p=hflip_p),
            v2.RandomResizedCrop(out_size, scale=scale, ratio=ratio, antialias=True),
            v2.ClampBoundingBoxes(),  # boxes that stuck out of the crop end at its border
            v2.SanitizeBoundingBoxes(),  # drops boxes cropped to nothing, with their "labels" and masks
        ]
    )
    # END REGION augment


# ---------------------------------------------------------------------------------------
# 7. Throughput
# ---------------------------------------------------------------------------------------


def measure_throughput(
    dataset: Dataset,
    worker_counts: Sequence[int] = (0, 1, 2),
    batch_size: int = 32,
    collate_fn: Callable[[list[Any]], Any] | None = None,
) -> dict[int, float]:
    """Images per second of one full pass over ``dataset`` for each number of workers.

    Each configuration gets a fresh DataLoader (no shuffling) and iterates it once; the
    clock runs from creating the iterator (worker start-up included: it is paid every epoch
    unless ``persistent_workers=True``) to the last batch. Batches are (images, targets) as
    made by ``collate_fn`` (default ``detection_collate``).
    """
    # BEGIN REGION throughput: For each k in worker_counts build a DataLoader(dataset, batch_size, num_workers=k,
    # | collate_fn=collate_fn or detection_collate), time one full pass with time.perf_counter(), count the
    # | images (len of each batch's images), and return {k: images / seconds} with int keys, float values.
    collate = collate_fn or detection_collate
    results: dict[int, float] = {}
    for k in worker_counts:
        loader = DataLoader(dataset, batch_size=batch_size, shuffle=False, num_workers=int(k), collate_fn=collate)
        n_images = 0
        t0 = time.perf_counter()
        for images, _targets in loader:
            n_images += len(images)
        results[int(k)] = n_images / (time.perf_counter() - t0)
    return results
    # END REGION throughput


# ---------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------


def _imbalanced_fashion_labels(counts: Sequence[int] = (4000, 2000, 1000, 500, 250, 125, 60, 30, 15, 8)) -> np.ndarray:
    """Labels of an imbalanced Fashion-MNIST subset: the first counts[c] training images of class c."""
    from cvlab import data

    _, y = data.fashion_mnist("train")
    idx = np.concatenate([np.flatnonzero(y == c)[:n] for c, n in enumerate(counts)])
    return y[np.sort(idx)]


def _index_and_worker(i: int) -> tuple[int, int]:
    """(i, id of the worker process that produced it, -1 in the main process). Module level: picklable."""
    info = get_worker_info()
    return i, -1 if info is None else info.id


def _throughput_report(repeats: int = 3) -> None:
    """The measurement quoted in the README: 512 scenes 128x128 -> train_transforms(96), batch 32.

    Each configuration runs ``repeats`` times; the best and the median rate are printed (on a
    shared machine the best run is the one least disturbed by other jobs).
    """
    import warnings

    warnings.filterwarnings("ignore", message="This DataLoader will create")  # more workers than cores: on purpose
    ds = ShapesDataset(512, seed=0, size=(128, 128), transforms=train_transforms(96))
    threads = torch.get_num_threads()
    print(f"CPU cores: {torch.multiprocessing.cpu_count()}, torch intra-op threads in the main process: {threads}")
    runs: dict[str, list[float]] = {}
    for _ in range(repeats):
        torch.set_num_threads(threads)  # a quarter of the data: this configuration is the slow one
        runs.setdefault(f"0 workers, {threads} threads", []).append(
            measure_throughput(torch.utils.data.Subset(ds, range(128)), worker_counts=(0,))[0]
        )
        torch.set_num_threads(1)  # what every DataLoader worker does to itself
        for k, rate in measure_throughput(ds, worker_counts=(0, 1, 2, 3, 4)).items():
            runs.setdefault(f"{k} workers" + (", 1 thread" if k == 0 else ""), []).append(rate)
        torch.set_num_threads(threads)
    print(f"{'configuration':<22} {'best img/s':>10} {'median img/s':>13}")
    for name, rates in runs.items():
        print(f"{name:<22} {max(rates):>10.0f} {float(np.median(rates)):>13.0f}")


def _demo() -> None:
    torch.manual_seed(0)
    print("1. A detection sample as tv_tensors")
    ds = ShapesDataset(8, seed=0, size=(96, 128))
    image, target = ds[0]
    print(
        f"   image {type(image).__name__} {tuple(image.shape)} {image.dtype}, "
        f"boxes {tuple(target['boxes'].shape)} canvas {target['boxes'].canvas_size}, labels {target['labels'].tolist()}"
    )

    print("\n2. Streaming with 2 workers: which worker produced which index")
    stream = ShardedStream(0, 10, make_item=_index_and_worker)
    got = list(DataLoader(stream, batch_size=None, num_workers=2))
    print(f"   {[(int(i), int(w)) for i, w in got]}")

    print("\n3. Collating images with different numbers of boxes")
    batch = [ds[i] for i in range(4)]
    print(f"   boxes per image: {[len(t['boxes']) for _, t in batch]}")
    try:
        torch.utils.data.default_collate(batch)
        print("   default_collate: worked (all counts equal by chance)")
    except RuntimeError as e:
        print(f"   default_collate fails: {str(e).splitlines()[0][:90]}")
    images, targets = detection_collate(batch)
    print(f"   detection_collate: images {tuple(images.shape)}, {len(targets)} targets")

    print("\n4. Class-balanced sampling on an imbalanced Fashion-MNIST subset")
    labels = _imbalanced_fashion_labels()
    sampler = class_balanced_sampler(labels, generator=torch.Generator().manual_seed(0))
    drawn = labels[np.fromiter(iter(sampler), dtype=np.int64)]
    print(
        f"   class counts {np.bincount(labels).tolist()}\n   sampled      {np.bincount(drawn, minlength=10).tolist()}"
    )

    print("\n5. Seeded workers: two runs with seed 0, one with seed 1 (first image's mean per batch)")
    aug = ShapesDataset(16, seed=0, size=(64, 64), transforms=train_transforms(48), jitter=0.3)
    for seed in (0, 0, 1):
        loader = make_loader(aug, batch_size=4, seed=seed, num_workers=2, collate_fn=detection_collate)
        print(f"   seed {seed}: {[round(float(imgs[0].mean()), 4) for imgs, _ in loader]}")

    print("\n6. Flipping boxes by hand vs transforms.v2")
    boxes = target["boxes"]
    print(f"   hflip_boxes: {hflip_boxes(boxes.as_subclass(torch.Tensor), boxes.canvas_size[1]).tolist()}")
    print(f"   v2 flip:     {v2.functional.horizontal_flip(boxes).tolist()}")
    out_img, out_t = train_transforms(64)(image, target)
    print(f"   train_transforms(64): image {tuple(out_img.shape)}, boxes {out_t['boxes'].round().tolist()}")

    print(f"\n7. Throughput (images/s) for 0, 1, 2 workers (0 = this process, {torch.get_num_threads()} torch threads)")
    rates = measure_throughput(ShapesDataset(128, seed=0, transforms=train_transforms(64)), batch_size=32)
    print("   " + ", ".join(f"{k} workers: {v:.0f}" for k, v in rates.items()))
    print("   (python solution.py --throughput for the README's measurement)")


if __name__ == "__main__":
    _throughput_report() if "--throughput" in sys.argv else _demo()
