"""Grader for lab 3.4 (datasets and data loaders).

References are independent of the code under test: exact ground truth from the scene
generator (every box is the tight box of a drawn mask), torchvision.ops.masks_to_boxes and
transforms.v2.functional.horizontal_flip, flips and resizes done by hand on the masks,
counts with np.bincount, and facts observed inside real DataLoader worker processes
(worker ids, process ids, shared counters). Tests that start workers use at most two
worker processes and a handful of items: each pool costs ~0.15 s to start.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import random

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.data import DataLoader, Dataset, get_worker_info
from torchvision import tv_tensors
from torchvision.ops import masks_to_boxes
from torchvision.transforms import v2

from cvlab import data
from cvlab.data.synthetic.shapes import ShapesDetection, make_scene

# Workers are started with fork (Linux's default), so datasets and functions defined here
# or in the module under test need no pickling.
_CTX = "fork" if "fork" in mp.get_all_start_methods() else None


@pytest.fixture(autouse=True, scope="module")
def _one_intra_op_thread():
    """Per-sample tensor ops are tiny: one torch thread in the test process is much faster."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


# ---------------------------------------------------------------------------------------
# helpers (the grader's own)
# ---------------------------------------------------------------------------------------


def _tight(masks: torch.Tensor) -> torch.Tensor:
    """Tight XYXY boxes, x2/y2 exclusive, of (N, H, W) masks, via torchvision (inclusive max + 1)."""
    masks = torch.as_tensor(masks).bool()
    if len(masks) == 0:
        return torch.zeros((0, 4))
    return masks_to_boxes(masks) + torch.tensor([0.0, 0.0, 1.0, 1.0])


def _sample(scene, image_id: int = 0):
    """A scene as (Image, target) built by the grader, so augment/collate tests do not need region dataset."""
    h, w = scene.size
    image = tv_tensors.Image(torch.from_numpy(scene.image).permute(2, 0, 1).float() / 255.0)
    target = {
        "boxes": tv_tensors.BoundingBoxes(torch.from_numpy(scene.boxes).clone(), format="XYXY", canvas_size=(h, w)),
        "labels": torch.from_numpy(scene.labels).clone(),
        "masks": tv_tensors.Mask(torch.from_numpy(scene.masks).clone()),
        "image_id": image_id,
    }
    return image, target


def _scene_with(n_boxes: int, seed: int, size=(40, 48)):
    """A scene with exactly n_boxes objects (searching seeds deterministically)."""
    for k in range(200):
        scene = make_scene(1000 * seed + k, size=size, n_objects=(n_boxes, n_boxes))
        if scene.n_objects == n_boxes:
            return scene
    raise RuntimeError("no scene found")  # pragma: no cover


def _drain(loader) -> list:
    """All batches of a loader. If a worker fails, its workers are shut down at once and the error is
    re-raised without the traceback that would keep them alive (and the next test waiting for them)."""
    it = iter(loader)
    try:
        return list(it)
    except Exception as exc:  # noqa: BLE001 - re-raised below with the same type and message
        kind, message = type(exc), str(exc)
    shutdown = getattr(it, "_shutdown_workers", None)
    if shutdown is not None:
        shutdown()
    del it
    try:
        error = kind(message)
    except Exception:  # noqa: BLE001 - an exception type that needs other arguments
        error = RuntimeError(f"{kind.__name__}: {message}")
    raise error from None


def _plain(t: torch.Tensor) -> torch.Tensor:
    return t.as_subclass(torch.Tensor) if isinstance(t, torch.Tensor) else torch.as_tensor(t)


# ---------------------------------------------------------------------------------------
# region dataset
# ---------------------------------------------------------------------------------------


@pytest.mark.region("dataset")
def test_dataset_sample_matches_the_scene(lab):
    """ds[i] is scene i as tv_tensors: Image float32 (3, H, W) in [0, 1], BoundingBoxes XYXY with canvas (H, W), int64 labels, Mask."""
    size = (48, 80)  # not square: a (W, H) canvas would show
    ds = lab.ShapesDataset(5, seed=3, size=size)
    ref = ShapesDetection(5, 3, size=size, n_objects=(1, 4), classes=ds.classes)
    assert len(ds) == 5, f"len(ShapesDataset(5, ...)) = {len(ds)}, expected 5"
    for i in range(5):
        image, target = ds[i]
        scene = ref[i]
        assert isinstance(image, tv_tensors.Image), (
            f"ds[{i}] image is a {type(image).__name__}, expected tv_tensors.Image"
        )
        assert image.dtype == torch.float32 and tuple(image.shape) == (3, *size), (
            f"ds[{i}] image: dtype {image.dtype}, shape {tuple(image.shape)}; expected float32 (3, 48, 80) (channels first)"
        )
        expected_img = torch.from_numpy(scene.image).permute(2, 0, 1).float() / 255
        err = float((_plain(image) - expected_img).abs().max())
        assert err < 1e-6, f"ds[{i}] image differs from scene.image / 255 by up to {err:.3g} (scale uint8 to [0, 1])"
        boxes = target.get("boxes")
        assert isinstance(boxes, tv_tensors.BoundingBoxes), (
            f"target['boxes'] is a {type(boxes).__name__}: transforms.v2 only moves boxes wrapped in tv_tensors.BoundingBoxes"
        )
        assert boxes.format == tv_tensors.BoundingBoxFormat.XYXY, f"boxes format {boxes.format}, expected XYXY"
        assert tuple(boxes.canvas_size) == size, (
            f"boxes canvas_size {tuple(boxes.canvas_size)}, expected (H, W) = {size} (height first)"
        )
        assert torch.allclose(_plain(boxes).float(), torch.from_numpy(scene.boxes)), (
            f"ds[{i}] boxes {_plain(boxes).tolist()}, scene boxes {scene.boxes.tolist()}"
        )
        labels = target.get("labels")
        assert isinstance(labels, torch.Tensor) and labels.dtype == torch.int64, (
            f"target['labels'] should be an int64 tensor, got {type(labels).__name__} {getattr(labels, 'dtype', '')}"
        )
        assert labels.tolist() == scene.labels.tolist(), (
            f"ds[{i}] labels {labels.tolist()}, expected {scene.labels.tolist()}"
        )
        masks = target.get("masks")
        assert isinstance(masks, tv_tensors.Mask), (
            f"target['masks'] is a {type(masks).__name__}, expected tv_tensors.Mask"
        )
        assert torch.equal(_plain(masks).bool(), torch.from_numpy(scene.masks)), (
            f"ds[{i}] masks differ from the scene's"
        )
        assert target.get("image_id") == i, f"ds[{i}] image_id = {target.get('image_id')!r}, expected {i}"


@pytest.mark.region("dataset")
def test_dataset_boxes_are_tight_around_the_masks(lab):
    """Each box is exactly the tight box of its visible mask (torchvision masks_to_boxes, x2/y2 exclusive)."""
    ds = lab.ShapesDataset(12, seed=11, size=(64, 64), n_objects=(0, 5))
    for i in range(len(ds)):
        _, target = ds[i]
        ref = _tight(_plain(target["masks"]))
        got = _plain(target["boxes"]).float().reshape(-1, 4)
        assert torch.equal(got, ref), f"ds[{i}]: boxes {got.tolist()} vs tight boxes of the masks {ref.tolist()}"


@pytest.mark.region("dataset")
def test_dataset_boxes_move_with_a_flip(lab):
    """With transforms=RandomHorizontalFlip(p=1) the image, the masks AND the boxes are mirrored (boxes must be tv_tensors)."""
    size = (40, 72)
    plain = lab.ShapesDataset(6, seed=5, size=size)
    flipped = lab.ShapesDataset(6, seed=5, size=size, transforms=v2.RandomHorizontalFlip(p=1.0))
    for i in range(6):
        img0, t0 = plain[i]
        img1, t1 = flipped[i]
        assert torch.equal(_plain(img1), _plain(img0).flip(-1)), f"ds[{i}]: the image was not mirrored"
        expected = _tight(_plain(t0["masks"]).flip(-1))
        got = _plain(t1["boxes"]).float()
        assert torch.allclose(got, expected, atol=1e-4), (
            f"ds[{i}] after a horizontal flip of a {size[1]}-px-wide image: boxes {got.tolist()}, expected the tight boxes "
            f"of the mirrored masks {expected.tolist()}. Unchanged boxes mean v2 did not see a BoundingBoxes; wrong "
            "x values mean a wrong canvas_size (it is (H, W))"
        )


@pytest.mark.region("dataset")
def test_dataset_is_deterministic_and_bounded(lab):
    """Same seed -> identical samples (any instance, any order); another seed differs; ds[len] raises IndexError."""
    a, b, c = lab.ShapesDataset(4, seed=1), lab.ShapesDataset(4, seed=1), lab.ShapesDataset(4, seed=2)
    for i in (3, 0, 2):
        assert torch.equal(_plain(a[i][0]), _plain(b[i][0])), f"two ShapesDataset(seed=1) give different images at {i}"
    assert not torch.equal(_plain(a[0][0]), _plain(c[0][0])), "seeds 1 and 2 give the same image 0"
    with pytest.raises(IndexError):
        a[4]


# ---------------------------------------------------------------------------------------
# region iterable
# ---------------------------------------------------------------------------------------


def _with_worker(i: int):
    info = get_worker_info()
    return i, (-1 if info is None else info.id)


def _stream_items(lab, start, stop, workers):
    loader = DataLoader(
        lab.ShardedStream(start, stop, make_item=_with_worker),
        batch_size=None,
        num_workers=workers,
        multiprocessing_context=_CTX if workers else None,
    )
    return [(int(i), int(w)) for i, w in _drain(loader)]


@pytest.mark.region("iterable")
def test_stream_in_the_main_process_yields_everything_in_order(lab):
    """Without workers ShardedStream(start, stop) yields start..stop-1 in order (make_item applied when given)."""
    got = list(lab.ShardedStream(3, 11))
    assert [int(i) for i in got] == list(range(3, 11)), f"list(ShardedStream(3, 11)) = {got}, expected 3..10"
    got = list(lab.ShardedStream(0, 4, make_item=lambda i: i * 10))
    assert got == [0, 10, 20, 30], f"ShardedStream(0, 4, make_item=lambda i: 10*i) yields {got}"
    assert list(lab.ShardedStream(5, 5)) == [], "an empty range yields nothing"


@pytest.mark.region("iterable")
def test_stream_shards_across_two_workers(lab):
    """With 2 workers every index of range(3, 20) arrives exactly once and both workers do part of the work."""
    items = _stream_items(lab, 3, 20, workers=2)
    idx = sorted(i for i, _ in items)
    dupes = sorted({i for i in idx if idx.count(i) > 1})
    assert not dupes, (
        f"indices {dupes} arrived more than once with num_workers=2: every worker runs __iter__ on its own copy "
        "of the dataset, so each must take only its share (use get_worker_info())"
    )
    missing = sorted(set(range(3, 20)) - set(idx))
    extra = sorted(set(idx) - set(range(3, 20)))
    assert not missing and not extra, f"range(3, 20) over 2 workers: missing {missing}, unexpected {extra}"
    per_worker = {w: sum(1 for _, ww in items if ww == w) for w in (0, 1)}
    assert min(per_worker.values()) > 0, f"items per worker {per_worker}: one worker did all the work"


@pytest.mark.region("iterable")
def test_stream_with_fewer_items_than_workers(lab):
    """One item and 2 workers: it arrives exactly once (the other worker's shard is empty)."""
    items = _stream_items(lab, 7, 8, workers=2)
    assert sorted(i for i, _ in items) == [7], f"ShardedStream(7, 8) over 2 workers gave {items}, expected [7] once"


# ---------------------------------------------------------------------------------------
# region collate
# ---------------------------------------------------------------------------------------


@pytest.mark.region("collate")
def test_collate_keeps_variable_box_counts(lab):
    """Images with 3, 0, 1 and 2 boxes: images stacked (4, 3, H, W); targets a list of 4 dicts, boxes untouched."""
    counts = [3, 0, 1, 2]
    batch = [_sample(_scene_with(n, seed=k), image_id=k) for k, n in enumerate(counts)]
    images, targets = lab.detection_collate(batch)
    assert isinstance(images, torch.Tensor) and tuple(images.shape) == (4, 3, 40, 48), (
        f"images: got {type(images).__name__} {tuple(getattr(images, 'shape', ()))}, expected a tensor (4, 3, 40, 48)"
    )
    assert torch.equal(_plain(images), torch.stack([_plain(im) for im, _ in batch])), (
        "stacked images are not the inputs in order"
    )
    assert isinstance(targets, (list, tuple)) and len(targets) == 4, (
        f"targets should be a list of the 4 target dicts, got {type(targets).__name__} of length {len(targets)}"
    )
    for k, ((_, t_in), t_out) in enumerate(zip(batch, targets)):
        assert isinstance(t_out, dict), f"targets[{k}] is a {type(t_out).__name__}, expected the sample's dict"
        got = _plain(t_out["boxes"])
        assert tuple(got.shape) == (counts[k], 4), (
            f"targets[{k}]['boxes'] has shape {tuple(got.shape)}, expected ({counts[k]}, 4): never pad or stack boxes"
        )
        assert torch.equal(got, _plain(t_in["boxes"])), f"targets[{k}]['boxes'] differ from sample {k}'s boxes"
        assert torch.equal(t_out["labels"], t_in["labels"]), f"targets[{k}]['labels'] differ from sample {k}'s"
        assert t_out["image_id"] == k, f"targets are out of order: targets[{k}]['image_id'] = {t_out['image_id']}"


@pytest.mark.region("collate")
def test_collate_different_image_sizes_give_a_list(lab):
    """Images of different sizes cannot be stacked: they come back as a list, in order."""
    batch = [_sample(_scene_with(1, seed=1, size=(40, 48))), _sample(_scene_with(2, seed=2, size=(32, 56)))]
    images, targets = lab.detection_collate(batch)
    assert isinstance(images, (list, tuple)) and len(images) == 2, (
        f"with sizes (40, 48) and (32, 56) images should be a list of 2 tensors, got {type(images).__name__}"
    )
    assert all(torch.equal(_plain(a), _plain(b[0])) for a, b in zip(images, batch)), (
        "images are not the inputs in order"
    )
    assert [len(t["boxes"]) for t in targets] == [1, 2], "box counts changed"


@pytest.mark.region("collate")
@settings(max_examples=25)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=6))
def test_collate_any_box_counts(lab, counts):
    """For any list of box counts (0 included) the batch keeps one target per image with its own count."""
    batch = []
    for k, n in enumerate(counts):
        boxes = tv_tensors.BoundingBoxes(
            torch.arange(4 * n, dtype=torch.float32).reshape(n, 4) + k, format="XYXY", canvas_size=(8, 8)
        )
        batch.append(
            (
                tv_tensors.Image(torch.full((3, 8, 8), float(k))),
                {"boxes": boxes, "labels": torch.zeros(n, dtype=torch.int64)},
            )
        )
    images, targets = lab.detection_collate(batch)
    assert tuple(images.shape) == (len(counts), 3, 8, 8), f"counts {counts}: images shape {tuple(images.shape)}"
    assert [len(t["boxes"]) for t in targets] == counts, (
        f"box counts {counts} came back as {[len(t['boxes']) for t in targets]}"
    )


@pytest.mark.region("collate")
def test_collate_works_as_a_dataloader_collate_fn(lab):
    """DataLoader(batch_size=3, collate_fn=detection_collate) over 7 samples gives batches of 3, 3, 1 images."""
    samples = [_sample(make_scene(k, size=(24, 24), n_objects=(0, 3)), image_id=k) for k in range(7)]
    loader = DataLoader(samples, batch_size=3, collate_fn=lab.detection_collate)
    sizes, ids = [], []
    for images, targets in loader:
        sizes.append(len(images))
        ids += [t["image_id"] for t in targets]
    assert sizes == [3, 3, 1] and ids == list(range(7)), f"batch sizes {sizes}, image ids {ids}"


# ---------------------------------------------------------------------------------------
# region sampler
# ---------------------------------------------------------------------------------------

_COUNTS = (4000, 2000, 1000, 500, 250, 125, 60, 30, 15, 8)


def _imbalanced_labels() -> np.ndarray:
    _, y = data.fashion_mnist("train")
    idx = np.concatenate([np.flatnonzero(y == c)[:n] for c, n in enumerate(_COUNTS)])
    return y[np.sort(idx)]


@pytest.mark.region("sampler")
def test_sampler_balances_an_imbalanced_fashion_mnist_subset(lab):
    """On Fashion-MNIST labels with class counts 4000..8 (500:1) every class is drawn ~10 % of the time."""
    labels = _imbalanced_labels()
    sampler = lab.class_balanced_sampler(labels, generator=torch.Generator().manual_seed(0))
    idx = np.fromiter((int(i) for i in sampler), dtype=np.int64)
    assert len(idx) == len(labels), f"one epoch should give len(labels) = {len(labels)} indices, got {len(idx)}"
    assert idx.min() >= 0 and idx.max() < len(labels), (
        f"indices span [{idx.min()}, {idx.max()}], expected dataset indices in [0, {len(labels)}): "
        "WeightedRandomSampler needs one weight per SAMPLE, not one per class"
    )
    freq = np.bincount(labels[idx], minlength=10) / len(idx)
    assert np.abs(freq - 0.1).max() < 0.02, (
        f"class frequencies of the drawn samples: {np.round(freq, 3).tolist()}, expected all ~0.10 "
        f"(the class counts are {list(_COUNTS)}; weight each sample by 1 / count of its class)"
    )


@pytest.mark.region("sampler")
def test_sampler_weights_each_sample_by_its_inverse_class_count(lab):
    """Labels [0, 0, 0, 1]: each class-0 sample is drawn ~1/6 of the time and the class-1 sample ~1/2."""
    sampler = lab.class_balanced_sampler([0, 0, 0, 1], num_samples=30000, generator=torch.Generator().manual_seed(1))
    idx = np.fromiter((int(i) for i in sampler), dtype=np.int64)
    assert len(idx) == 30000, f"num_samples=30000 gave {len(idx)} indices"
    freq = np.bincount(idx, minlength=4) / len(idx)
    assert np.allclose(freq, [1 / 6, 1 / 6, 1 / 6, 1 / 2], atol=0.015), (
        f"labels [0, 0, 0, 1]: per-sample frequencies {np.round(freq, 3).tolist()}, expected [1/6, 1/6, 1/6, 1/2] "
        "(weights 1/3, 1/3, 1/3, 1 drawn with replacement)"
    )


@pytest.mark.region("sampler")
def test_sampler_is_reproducible_and_accepts_tensors(lab):
    """Same generator seed -> same indices (labels as list, array or tensor); another seed -> different indices."""
    labels = np.array([0, 1, 1, 2, 2, 2, 2, 2] * 10)

    def draw(lab_in, seed):
        s = lab.class_balanced_sampler(lab_in, num_samples=200, generator=torch.Generator().manual_seed(seed))
        return [int(i) for i in s]

    a, b, c = draw(labels, 5), draw(torch.from_numpy(labels), 5), draw(labels.tolist(), 5)
    assert len(a) == 200, f"num_samples=200 gave {len(a)} indices"
    assert a == b == c, "the same generator seed gave different indices for labels as array / tensor / list"
    assert draw(labels, 6) != a, "generator seeds 5 and 6 gave the same indices: pass `generator` to the sampler"


# ---------------------------------------------------------------------------------------
# region seeding
# ---------------------------------------------------------------------------------------


class _Probe(Dataset):
    """Reports, per item, what each source of randomness gave inside the worker."""

    def __init__(self, n: int = 16) -> None:
        self.n = n
        self.rng = np.random.default_rng(0)  # a Generator owned by the dataset: copied into every worker

    def reseed(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> torch.Tensor:
        info = get_worker_info()
        return torch.tensor(
            [
                i,
                -1 if info is None else info.id,
                self.rng.random(),
                np.random.random(),
                float(torch.rand(())),
                random.random(),
            ],
            dtype=torch.float64,
        )


def _run(lab, seed: int, epochs: int = 1, dataset=None) -> list[torch.Tensor]:
    """All rows of `epochs` epochs of make_loader(..., num_workers=2) with this seed: (epochs, 16, 6)."""
    dataset = _Probe() if dataset is None else dataset
    loader = lab.make_loader(dataset, batch_size=4, seed=seed, num_workers=2, multiprocessing_context=_CTX)
    return [torch.cat(_drain(loader)) for _ in range(epochs)]


@pytest.mark.region("seeding")
def test_seeded_loaders_repeat_exactly(lab):
    """Two runs with seed 7 and 2 workers give identical batches (order and every random draw); seed 8 differs."""
    (a,), (b,), (c,) = _run(lab, 7), _run(lab, 7), _run(lab, 8)
    names = ["index", "worker", "dataset Generator", "np.random", "torch.rand", "random"]
    for col in range(6):
        assert torch.equal(a[:, col], b[:, col]), (
            f"two loaders with seed=7 differ in column '{names[col]}': first rows {a[:4, col].tolist()} vs "
            f"{b[:4, col].tolist()}; every seed must derive from the loader's generator (worker_info.seed)"
        )
    assert not torch.equal(a[:, 2], c[:, 2]), (
        "seeds 7 and 8 give the same draws from the dataset's Generator: the worker seed must depend on the loader seed"
    )


@pytest.mark.region("seeding")
def test_workers_and_epochs_get_different_streams(lab):
    """Within an epoch the 2 workers draw different numbers from the dataset's Generator, and epoch 2 differs from epoch 1."""
    e1, e2 = _run(lab, 3, epochs=2)
    w0 = e1[e1[:, 1] == 0, 2].tolist()
    w1 = e1[e1[:, 1] == 1, 2].tolist()
    shared = sorted(set(w0) & set(w1))
    assert w0 and w1 and not shared, (
        f"workers 0 and 1 drew the same values {shared[:3]} from the dataset's numpy Generator: fork copied it into "
        "both in the same state. Call info.dataset.reseed(seed) with a per-worker seed in seed_worker"
    )
    assert not set(e1[:, 2].tolist()) & set(e2[:, 2].tolist()), (
        "epoch 2 repeats epoch 1's random draws: the per-worker seed must change every epoch "
        "(worker_info.seed = base_seed + worker_id does; worker_id alone does not)"
    )


@pytest.mark.region("seeding")
def test_seed_worker_tolerates_datasets_without_reseed(lab):
    """A dataset without reseed (a plain list) loads fine through make_loader with a worker."""
    items = [torch.tensor([float(i)]) for i in range(6)]
    loader = lab.make_loader(items, batch_size=3, seed=0, num_workers=1, multiprocessing_context=_CTX)
    got = sorted(torch.cat(_drain(loader)).flatten().tolist())
    assert got == [float(i) for i in range(6)], f"loaded {got}"


# ---------------------------------------------------------------------------------------
# region hflip
# ---------------------------------------------------------------------------------------


@st.composite
def _boxes_and_width(draw):
    width = draw(st.integers(1, 300))
    n = draw(st.integers(0, 6))
    xs = [sorted(draw(st.lists(st.floats(0, width), min_size=2, max_size=2))) for _ in range(n)]
    ys = [sorted(draw(st.lists(st.floats(0, 200), min_size=2, max_size=2))) for _ in range(n)]
    boxes = torch.tensor([[x[0], y[0], x[1], y[1]] for x, y in zip(xs, ys)], dtype=torch.float32).reshape(n, 4)
    return boxes, width


@pytest.mark.region("hflip")
@given(_boxes_and_width())
def test_hflip_matches_torchvision(lab, bw):
    """hflip_boxes equals transforms.v2.functional.horizontal_flip on XYXY boxes, keeps x1 <= x2 and leaves the input alone."""
    boxes, width = bw
    before = boxes.clone()
    got = lab.hflip_boxes(boxes, width)
    ref = v2.functional.horizontal_flip(
        tv_tensors.BoundingBoxes(boxes.clone(), format="XYXY", canvas_size=(200, width))
    )
    assert torch.equal(boxes, before), "hflip_boxes modified its input in place"
    assert tuple(got.shape) == tuple(boxes.shape) and got.dtype == boxes.dtype, (
        f"got shape {tuple(got.shape)} {got.dtype}, expected {tuple(boxes.shape)} {boxes.dtype}"
    )
    assert torch.allclose(_plain(got), _plain(ref), atol=1e-4), (
        f"hflip_boxes({boxes.tolist()}, width={width}) = {got.tolist()}, torchvision: {_plain(ref).tolist()}"
    )
    assert bool((got[:, 0] <= got[:, 2]).all()), f"x1 > x2 after the flip: {got.tolist()} (swap the roles of x1 and x2)"


@pytest.mark.region("hflip")
@given(_boxes_and_width())
def test_hflip_twice_is_identity(lab, bw):
    """Flipping twice returns the original boxes."""
    boxes, width = bw
    back = lab.hflip_boxes(lab.hflip_boxes(boxes, width), width)
    assert torch.allclose(back, boxes, atol=1e-4), f"flip(flip(b)) = {back.tolist()}, expected {boxes.tolist()}"


@pytest.mark.region("hflip")
def test_hflip_gives_the_tight_boxes_of_mirrored_masks(lab):
    """On real scenes (W = 72), flipped boxes equal the tight boxes of the mirrored masks exactly."""
    for seed in range(6):
        scene = make_scene(seed, size=(40, 72), n_objects=(1, 4))
        got = lab.hflip_boxes(torch.from_numpy(scene.boxes), 72)
        ref = _tight(torch.from_numpy(scene.masks).flip(-1))
        assert torch.equal(_plain(got), ref), (
            f"scene {seed}: boxes {scene.boxes.tolist()} flipped to {got.tolist()}, the mirrored masks' tight boxes are "
            f"{ref.tolist()} (x2 is exclusive: a point x maps to W - x, not W - 1 - x)"
        )


# ---------------------------------------------------------------------------------------
# region augment
# ---------------------------------------------------------------------------------------


@pytest.mark.region("augment")
def test_augment_flip_only_is_exact(lab):
    """train_transforms(80, hflip_p=1, scale=(1,1), ratio=(1,1)) only mirrors: boxes = tight boxes of the mirrored masks."""
    t = lab.train_transforms(80, hflip_p=1.0, scale=(1.0, 1.0), ratio=(1.0, 1.0))
    for seed in range(5):
        image, target = _sample(make_scene(seed, size=(80, 80), n_objects=(1, 4)))
        out_img, out_t = t(image, dict(target))
        assert torch.allclose(_plain(out_img), _plain(image).flip(-1), atol=1e-5), f"scene {seed}: image not mirrored"
        ref = _tight(_plain(target["masks"]).flip(-1))
        got = _plain(out_t["boxes"]).float()
        assert torch.allclose(got, ref, atol=1e-4), (
            f"scene {seed}: boxes after the flip {got.tolist()}, expected the mirrored masks' tight boxes {ref.tolist()}"
        )
        assert torch.equal(out_t["labels"], target["labels"]), "labels changed although every box survived"
        assert torch.equal(_plain(out_t["masks"]).bool(), _plain(target["masks"]).flip(-1)), "masks not mirrored"


@pytest.mark.region("augment")
def test_augment_resize_scales_boxes_and_masks(lab):
    """Crop = whole image, resized 80 -> 160, no flip: boxes double and still tightly bound the (nearest) resized masks."""
    t = lab.train_transforms(160, hflip_p=0.0, scale=(1.0, 1.0), ratio=(1.0, 1.0))
    for seed in range(4):
        image, target = _sample(make_scene(seed, size=(80, 80), n_objects=(1, 4)))
        out_img, out_t = t(image, dict(target))
        assert tuple(out_img.shape) == (3, 160, 160), f"image shape {tuple(out_img.shape)}, expected (3, 160, 160)"
        got = _plain(out_t["boxes"]).float()
        assert torch.allclose(got, 2 * _plain(target["boxes"]), atol=1e-4), (
            f"scene {seed}: boxes {got.tolist()}, expected twice {_plain(target['boxes']).tolist()}"
        )
        assert torch.allclose(got, _tight(_plain(out_t["masks"])), atol=1e-4), "boxes do not bound the resized masks"
        assert tuple(out_t["boxes"].canvas_size) == (160, 160), f"canvas_size {out_t['boxes'].canvas_size}"


@pytest.mark.region("augment")
def test_augment_random_crops_keep_targets_consistent(lab):
    """40 random crops: boxes inside the 48x48 canvas, none degenerate, labels/masks kept in step, masks inside their boxes."""
    torch.manual_seed(0)
    t = lab.train_transforms(48, hflip_p=0.5, scale=(0.2, 1.0))
    kept = dropped = 0
    for seed in range(40):
        image, target = _sample(make_scene(seed, size=(96, 96), n_objects=(1, 4)))
        n_in = len(target["labels"])
        out_img, out_t = t(image, dict(target))
        boxes, labels, masks = _plain(out_t["boxes"]).float(), out_t["labels"], _plain(out_t["masks"]).bool()
        assert tuple(out_img.shape) == (3, 48, 48) and tuple(out_t["boxes"].canvas_size) == (48, 48), (
            f"scene {seed}: image {tuple(out_img.shape)}, canvas {out_t['boxes'].canvas_size}; expected 48x48"
        )
        assert len(boxes) == len(labels) == len(masks), (
            f"scene {seed}: {len(boxes)} boxes, {len(labels)} labels, {len(masks)} masks: dropping a box must drop "
            "its label and mask (SanitizeBoundingBoxes finds target['labels'])"
        )
        if len(boxes):
            assert boxes.min() >= -1e-4 and boxes.max() <= 48 + 1e-4, (
                f"scene {seed}: boxes outside the canvas {boxes.tolist()}"
            )
            wh = boxes[:, 2:] - boxes[:, :2]
            assert bool((wh >= 1 - 1e-4).all()), (
                f"scene {seed}: degenerate boxes survived (widths/heights {wh.tolist()}); objects cropped away must be removed"
            )
            for k in range(len(masks)):
                if masks[k].any():
                    tb = _tight(masks[k : k + 1])[0]
                    outside = torch.cat([boxes[k, :2] - tb[:2], tb[2:] - boxes[k, 2:]]).max()
                    assert outside <= 1.0 + 1e-4, (
                        f"scene {seed}: mask {k} extends {float(outside):.2f} px outside its box {boxes[k].tolist()} "
                        f"(mask box {tb.tolist()}): boxes and masks went through different geometry"
                    )
        kept += len(labels)
        dropped += n_in - len(labels)
    assert kept > 0 and dropped > 0, (
        f"over 40 random crops {kept} objects were kept and {dropped} removed; with scale=(0.2, 1) some objects must "
        "fall outside the crop (is the crop random and are degenerate boxes removed?)"
    )


@pytest.mark.region("augment")
def test_augment_flip_probability(lab):
    """hflip_p=0.5 flips about half of 200 calls; hflip_p=0 never flips."""
    image, target = _sample(make_scene(2, size=(32, 32), n_objects=(2, 2)))
    mirrored = _plain(image).flip(-1)
    torch.manual_seed(1)
    for p, lo, hi in ((0.5, 0.35, 0.65), (0.0, 0.0, 0.0)):
        t = lab.train_transforms(32, hflip_p=p, scale=(1.0, 1.0), ratio=(1.0, 1.0))
        frac = sum(torch.allclose(_plain(t(image, dict(target))[0]), mirrored) for _ in range(200)) / 200
        assert lo <= frac <= hi, f"hflip_p={p}: {frac:.0%} of 200 calls flipped the image"


# ---------------------------------------------------------------------------------------
# region throughput
# ---------------------------------------------------------------------------------------


class _Counted(Dataset):
    """Small images; counts every load in shared memory and remembers which process loaded each item."""

    def __init__(self, n: int = 48) -> None:
        self.n = n
        self.loads = mp.Value("i", 0)
        self.pids = mp.Array("i", n)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int):
        with self.loads.get_lock():
            self.loads.value += 1
        self.pids[i] = os.getpid()
        return torch.full((3, 16, 16), float(i)), {"image_id": i}


def _pairs_collate(batch):
    return torch.stack([im for im, _ in batch]), [t for _, t in batch]


@pytest.mark.region("throughput")
def test_throughput_reports_images_per_second_per_worker_count(lab):
    """measure_throughput returns {0: rate, 1: rate, 2: rate}, positive floats, after one full pass per worker count."""
    ds = _Counted(48)
    rates = lab.measure_throughput(ds, worker_counts=(0, 1, 2), batch_size=8, collate_fn=_pairs_collate)
    assert isinstance(rates, dict) and sorted(rates) == [0, 1, 2], f"got {rates!r}, expected a dict with keys 0, 1, 2"
    for k, v in rates.items():
        assert isinstance(v, float) and math.isfinite(v) and v > 0, (
            f"rates[{k}] = {v!r}, expected a positive float (images/s)"
        )
    assert ds.loads.value == 3 * len(ds), (
        f"the dataset was read {ds.loads.value} times for 3 worker counts and {len(ds)} items; expected one full "
        f"pass each = {3 * len(ds)}"
    )
    pids = set(ds.pids[:])  # written by the last configuration, 2 workers
    assert os.getpid() not in pids and len(pids) == 2, (
        f"with num_workers=2 the items were loaded by {len(pids)} process(es)"
        f"{' including the main one' if os.getpid() in pids else ''}; pass num_workers to the DataLoader"
    )
