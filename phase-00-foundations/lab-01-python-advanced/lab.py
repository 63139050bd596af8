"""Lab 0.1 - Advanced Python for vision code.

Five tools every vision code base grows sooner or later, written from the language up:

* ``iter_tiles`` / ``merge_tiles``: stream a huge image as overlapping tiles (a generator of
  NumPy views: nothing is copied, nothing is materialised) and blend per-tile outputs back.
* ``timed``: a decorator that records wall-clock durations and is otherwise invisible.
* ``lru_cache``: a bounded least-recently-used memoiser built on ``collections.OrderedDict``,
  behaving call-for-call like ``functools.lru_cache``.
* ``temporary_env``: a context manager that changes environment variables and always
  restores them, even when the body raises. (``Timer`` below is a worked class-based example.)
* ``BoundingBox``: a frozen, slotted, validated dataclass with xyxy / xywh / cxcywh
  conversions (``box_convert``) and IoU (``box_iou``), vectorised over many boxes.

Run ``python solution.py`` for a demo; in ``lab.py`` the demo stops at the first region you
have not written yet.
"""

from __future__ import annotations

import functools
import math
import os
import time
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any, ParamSpec, Self, TypeVar

import numpy as np

P = ParamSpec("P")
R = TypeVar("R")

#: A tile as yielded by ``iter_tiles``: (top row, left column, view of the image).
Tile = tuple[int, int, np.ndarray]


# ---------------------------------------------------------------------------------------
# 1. Generators: streaming overlapping tiles of a large image
# ---------------------------------------------------------------------------------------
def iter_tiles(image: np.ndarray, tile: int, overlap: int) -> Iterator[Tile]:
    """Lazily yield overlapping ``tile x tile`` windows ``(y0, x0, view)`` covering ``image``.

    Along an axis of length L with stride S = tile - overlap the window starts are

        0, S, 2S, ..., (n - 2) S, L - t          with  t = min(tile, L)
        n = 1                    if L <= tile
        n = ceil((L - tile) / S) + 1   otherwise

    i.e. a regular grid whose last window is clamped to the image edge (it then overlaps
    its neighbour by at least ``overlap``). n is the fewest windows of size t that cover L
    with neighbours overlapping by >= overlap: n windows reach at most t + (n - 1) S.

    Tiles come in row-major order (y outer, x inner). Each is ``image[y0:y0+t, x0:x0+t]``:
    a view (basic slicing never copies), so a 20k x 20k memmap streams in O(tile^2) memory.
    Extra trailing axes (channels) ride along untouched.

    Raises ValueError unless ``tile >= 1`` and ``0 <= overlap < tile``.
    """
    # TODO(iter_tiles): Validate (ValueError unless tile >= 1 and 0 <= overlap < tile), then
    # | yield (y0, x0, image[y0:y0+th, x0:x0+tw]) lazily, row-major (y outer, x inner), with
    # | th = min(tile, H), tw = min(tile, W). Starts step by tile - overlap from 0; the last
    # | start on each axis is clamped to L - t so the edge is covered and no tile leaves the
    # | image; use the fewest tiles that cover the axis. Yield views (slices), never copies.
    raise NotImplementedError("TODO(iter_tiles): write this region")


def merge_tiles(tiles: Iterable[Tile], shape: tuple[int, ...]) -> np.ndarray:
    """Blend per-tile outputs into one float64 array of ``shape`` by per-pixel averaging.

    With tiles T_k placed at (y_k, x_k):

        out[p] = sum_k T_k[p - (y_k, x_k)] / #{k : p in T_k}

    ``shape`` is (H, W) or (H, W, C); each tile is (th, tw) or (th, tw, C) and must fit in
    the image at its position. Raises ValueError if some pixel is covered by no tile.
    Identity processing (tiles straight from ``iter_tiles``) reconstructs the image.
    """
    # TODO(merge_tiles): Accumulate a float64 sum of tile values and a per-pixel count
    # | of how many tiles cover each pixel (tiles may be any dtype, e.g. uint8: do not let the
    # | sum overflow), then return sum / count as float64 of `shape`. Consume `tiles` once
    # | (it may be a generator). Raise ValueError if any pixel has count 0.
    raise NotImplementedError("TODO(merge_tiles): write this region")


# ---------------------------------------------------------------------------------------
# 2. Decorators: timing and memoisation
# ---------------------------------------------------------------------------------------
def timed(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: call ``func`` unchanged and append each call's wall-clock seconds to
    ``wrapper.durations`` (a list owned by this wrapper), also when ``func`` raises.

    The wrapper looks like ``func`` to every tool: same ``__name__``, ``__qualname__``,
    ``__doc__``, ``__module__``, ``__dict__`` entries, ``__wrapped__`` (so
    ``inspect.signature`` reports func's signature). Being a plain function, it is a
    descriptor, so ``@timed`` on a method still receives ``self``.
    """

    # TODO(timed): Return a wrapper that calls func(*args, **kwargs), returns its result
    # | (or lets its exception propagate), and appends the elapsed wall-clock seconds
    # | (time.perf_counter) to a list `wrapper.durations` in every case. Copy func's
    # | metadata with functools.wraps. The wrapper must also work on methods.
    raise NotImplementedError("TODO(timed): write this region")


#: Same fields as ``functools.lru_cache(...).cache_info()``.
CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])

_KWARGS_MARK = object()  # separates positional from keyword arguments inside a cache key


def lru_cache(maxsize: int | None = 128) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator factory: memoise a function, keeping at most ``maxsize`` results.

    On a hit the entry becomes the most recently used; when a new result would exceed
    ``maxsize`` entries, the least recently used one is evicted. ``maxsize=None`` never
    evicts, ``maxsize=0`` stores nothing. The wrapper gets ``cache_info()`` ->
    ``CacheInfo(hits, misses, maxsize, currsize)`` and ``cache_clear()``.

    Keys are built like functools (``typed=False``): positional args, then keyword args in
    call order. Unhashable arguments (lists, NumPy arrays) raise TypeError. A call that
    raises stores nothing. Every operation is O(1): an OrderedDict is a hash map threaded
    on a doubly linked list, so ``move_to_end`` and ``popitem(last=False)`` are O(1).
    """
    # TODO(lru_cache): Return a decorator whose wrapper (functools.wraps) looks the call up
    # | in an OrderedDict keyed by (args, kwargs): on a hit count it, mark the entry most
    # | recently used and return it; on a miss count it, call func, store the result and, if
    # | the cache now holds more than maxsize entries, evict the least recently used one.
    # | maxsize=None: never evict; maxsize=0: store nothing. Attach cache_info() returning
    # | CacheInfo(hits, misses, maxsize, currsize) and cache_clear() (empties, zeroes counts).
    # | Unhashable arguments must raise TypeError.
    raise NotImplementedError("TODO(lru_cache): write this region")


# ---------------------------------------------------------------------------------------
# 3. Context managers: timing a block, temporarily changing global state
# ---------------------------------------------------------------------------------------
class Timer:
    """Worked example of a class-based context manager (given, not graded).

        with Timer() as t:
            run_inference(batch)
        print(t.elapsed)

    ``__enter__`` starts the clock and returns the object bound by ``as``; ``__exit__`` runs
    however the block ends (normally, ``return``, ``break``, exception) and stops it.
    Returning False (or None) from ``__exit__`` lets an exception keep propagating;
    returning True would silently swallow it.
    """

    def __init__(self) -> None:
        self.start: float | None = None
        self.elapsed: float | None = None

    def __enter__(self) -> Self:
        self.start = time.perf_counter()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        assert self.start is not None
        self.elapsed = time.perf_counter() - self.start
        return False  # never swallow the body's exception


@contextmanager
def temporary_env(**updates: str | None) -> Iterator[None]:
    """Set environment variables for the duration of a ``with`` block, then restore them.

        with temporary_env(OMP_NUM_THREADS="1", CUDA_VISIBLE_DEVICES=None):
            ...   # OMP_NUM_THREADS == "1", CUDA_VISIBLE_DEVICES unset

    A value of None unsets the variable. On exit - normal or by exception - every named
    variable gets back exactly its previous state: its old value, or absent if it was
    absent before (not an empty string), whatever the body did to it meanwhile. The
    body's exception propagates unchanged.
    """
    # TODO(temporary_env): Remember each named variable's previous state (value or absent),
    # | apply the updates (None = unset), yield, and in every case (also when the body raises)
    # | restore each variable: old value back, or deleted if it did not exist before. Do not
    # | swallow the body's exception.
    raise NotImplementedError("TODO(temporary_env): write this region")


# ---------------------------------------------------------------------------------------
# 4. Dataclasses: a validated bounding box, and vectorised box maths
# ---------------------------------------------------------------------------------------
BOX_FORMATS = ("xyxy", "xywh", "cxcywh")


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """An axis-aligned box in pixel coordinates, stored as corners (x1, y1, x2, y2).

    ``frozen``: instances are immutable and hashable (usable as dict keys / in sets);
    "changing" one means building a new one (``dataclasses.replace``, ``clip``).
    ``slots``: no per-instance ``__dict__`` (about 3x smaller, faster attribute access,
    typos like ``box.x_1 = ...`` raise). ``__post_init__`` validates every instance, so an
    invalid box can never exist: x2 >= x1, y2 >= y1 (zero width/height allowed), all finite.
    """

    x1: float
    y1: float
    x2: float
    y2: float

    def __post_init__(self) -> None:
        # TODO(bbox_validate): Store the four coordinates as Python floats (the instance
        # | is frozen: assign with object.__setattr__) and raise ValueError if any is NaN or
        # | infinite, or if x2 < x1 or y2 < y1. Zero width/height is valid.
        raise NotImplementedError("TODO(bbox_validate): write this region")

    # --- alternative constructors (classmethods: they also build subclasses correctly) ---
    @classmethod
    def from_xyxy(cls, x1: float, y1: float, x2: float, y2: float) -> BoundingBox:
        return cls(x1, y1, x2, y2)

    @classmethod
    def from_xywh(cls, x: float, y: float, w: float, h: float) -> BoundingBox:
        """Top-left corner and size; a negative size fails validation (x2 < x1)."""
        return cls(*box_convert(np.array([x, y, w, h]), "xywh", "xyxy").tolist())

    @classmethod
    def from_cxcywh(cls, cx: float, cy: float, w: float, h: float) -> BoundingBox:
        """Centre and size; a negative size fails validation (x2 < x1)."""
        return cls(*box_convert(np.array([cx, cy, w, h]), "cxcywh", "xyxy").tolist())

    # --- conversions: read-only properties computed on demand (nothing extra is stored) ---
    @property
    def xyxy(self) -> tuple[float, float, float, float]:
        return (self.x1, self.y1, self.x2, self.y2)

    @property
    def xywh(self) -> tuple[float, float, float, float]:
        return tuple(box_convert(np.array(self.xyxy), "xyxy", "xywh").tolist())  # type: ignore[return-value]

    @property
    def cxcywh(self) -> tuple[float, float, float, float]:
        return tuple(box_convert(np.array(self.xyxy), "xyxy", "cxcywh").tolist())  # type: ignore[return-value]

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    @property
    def area(self) -> float:
        return self.width * self.height

    def iou(self, other: BoundingBox) -> float:
        """Intersection over union with another box (0 when both are degenerate)."""
        return float(box_iou(np.array([self.xyxy]), np.array([other.xyxy]))[0, 0])

    def clip(self, width: float, height: float) -> BoundingBox:
        """The part inside an image of ``width x height`` (a box fully outside collapses to a
        zero-area box on the border, which is still valid)."""
        x1, x2 = (min(max(v, 0.0), width) for v in (self.x1, self.x2))
        y1, y2 = (min(max(v, 0.0), height) for v in (self.y1, self.y2))
        return replace(self, x1=x1, y1=y1, x2=x2, y2=y2)  # a new frozen instance, validated


def box_convert(boxes: np.ndarray, in_fmt: str, out_fmt: str) -> np.ndarray:
    """Convert boxes (..., 4) between formats; returns a new float64 array (..., 4).

        xyxy   = (x1, y1, x2, y2)              corners
        xywh   = (x1, y1, w, h)                top-left corner + size (COCO)
        cxcywh = (cx, cy, w, h)                centre + size (YOLO, DETR)

    with w = x2 - x1, h = y2 - y1, cx = (x1 + x2) / 2 = x1 + w / 2. Same convention as
    ``torchvision.ops.box_convert``. Unknown formats or a last axis != 4 raise ValueError.
    The input is never modified.
    """
    # TODO(box_convert): Convert boxes (..., 4) from in_fmt to out_fmt, each one of
    # | "xyxy", "xywh", "cxcywh" (ValueError otherwise, and if the last axis is not 4).
    # | Return a NEW float64 array of the same shape (never modify the input), vectorised
    # | over all leading axes (no Python loop over boxes). The centre is the midpoint.
    raise NotImplementedError("TODO(box_convert): write this region")


def box_iou(boxes1: np.ndarray, boxes2: np.ndarray) -> np.ndarray:
    """Pairwise intersection over union of xyxy boxes: (N, 4), (M, 4) -> (N, M) float64.

        inter_ij = max(0, min(x2_i, x2_j) - max(x1_i, x1_j)) * max(0, min(y2_i, y2_j) - max(y1_i, y1_j))
        IoU_ij   = inter_ij / (area_i + area_j - inter_ij)

    Continuous coordinates (area = w * h, no "+1"), like ``torchvision.ops.box_iou``. Where
    the union is 0 (two degenerate boxes) the IoU is defined as 0 instead of 0/0 = NaN.
    """
    # TODO(box_iou): Pairwise IoU of xyxy boxes (N, 4) x (M, 4) -> (N, M) float64 using
    # | broadcasting (no Python loops). Clamp negative overlap widths/heights to 0 before
    # | multiplying; IoU = inter / (area1 + area2 - inter); return 0 where the union is 0.
    # | N or M may be 0.
    raise NotImplementedError("TODO(box_iou): write this region")


if __name__ == "__main__":
    # 1. A 20,000 x 20,000 "image" that costs no memory (every pixel is the same byte):
    #    materialising it would take 400 MB; streaming its tiles costs one view at a time.
    huge = np.broadcast_to(np.uint8(7), (20_000, 20_000))
    gen = iter_tiles(huge, tile=1024, overlap=128)
    y0, x0, first = next(gen)
    n_tiles = 1 + sum(1 for _ in gen)
    print(
        f"iter_tiles: 20000x20000 image, tile 1024, overlap 128 -> {n_tiles} tiles, "
        f"first at ({y0}, {x0}) shape {first.shape}, view: {np.shares_memory(first, huge)}"
    )

    from cvlab import data

    camera = data.skimage_image("camera")  # uint8 (512, 512)
    merged = merge_tiles(iter_tiles(camera, tile=200, overlap=40), camera.shape)
    print(
        f"merge_tiles: identity processing of 'camera' {camera.shape} reconstructs it exactly: "
        f"{np.array_equal(merged, camera)}"
    )

    # 2. Decorators
    @timed
    def blur_rows(img: np.ndarray) -> np.ndarray:
        """Average each pixel with its horizontal neighbours."""
        return (img[:, :-2].astype(np.float32) + img[:, 1:-1] + img[:, 2:]) / 3

    for _ in range(3):
        blur_rows(camera)
    print(
        f"timed: {blur_rows.__name__!r} ({blur_rows.__doc__}) ran 3 times, "
        f"durations (ms) {[round(d * 1e3, 3) for d in blur_rows.durations]}"
    )

    @lru_cache(maxsize=64)
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    print(f"lru_cache: fib(80) = {fib(80)}, {fib.cache_info()}")

    # 3. Context managers
    with Timer() as t, temporary_env(OMP_NUM_THREADS="1"):
        inside = os.environ.get("OMP_NUM_THREADS")
    print(
        f"temporary_env: inside {inside!r}, after {os.environ.get('OMP_NUM_THREADS')!r} "
        f"(block took {t.elapsed * 1e6:.1f} us)"
    )

    # 4. Boxes
    gt = BoundingBox.from_xywh(100, 120, 50, 80)
    pred = BoundingBox.from_cxcywh(130, 160, 50, 80)
    print(
        f"BoundingBox: gt {gt.xyxy}, pred {pred.xyxy}, IoU {gt.iou(pred):.3f}, "
        f"pred clipped to 140x150: {pred.clip(140, 150).xyxy}"
    )
    try:
        BoundingBox(0, 0, float("nan"), 1)
    except ValueError as e:
        print(f"BoundingBox validation: {e}")
