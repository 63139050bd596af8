"""Grader for lab 0.1 - Advanced Python for vision code.

References: exact ground truth built here (coverage maps with np.add.at, hand-computed
boxes), the Python standard library (functools.lru_cache, functools.wraps, os.environ) and
torchvision.ops (box_convert, box_iou).
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import inspect
import math
import os
import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvlab import data


@pytest.fixture(scope="module")
def tv_ops():
    """torchvision.ops, imported only by the tests that compare against it (torch is slow to import)."""
    import torch
    import torchvision.ops

    return torch, torchvision.ops


# ---------------------------------------------------------------------------------------
# helpers (independent of the implementation under test)
# ---------------------------------------------------------------------------------------
def _min_tiles(length: int, tile: int, overlap: int) -> int:
    """Fewest windows of size min(tile, length) covering `length` with overlaps >= overlap."""
    if length <= tile:
        return 1
    return math.ceil((length - tile) / (tile - overlap)) + 1


def _collect_tiles(lab, image, tile, overlap):
    tiles = list(lab.iter_tiles(image, tile, overlap))
    for i, item in enumerate(tiles):
        assert isinstance(item, tuple) and len(item) == 3, (
            f"iter_tiles(image {image.shape}, tile={tile}, overlap={overlap}) item {i} is {type(item).__name__} "
            f"of length {len(item) if hasattr(item, '__len__') else '?'}, expected a tuple (y0, x0, tile_view)"
        )
    return tiles


def _grid_tiles(image: np.ndarray, starts_y: list[int], starts_x: list[int], th: int, tw: int):
    """Tiles at explicit positions, built by the test (merge tests do not depend on iter_tiles)."""
    return [(y, x, image[y : y + th, x : x + tw]) for y in starts_y for x in starts_x]


def _addat_average(tiles, shape):
    """Independent merge reference: per-pixel sums and counts with np.add.at over index grids."""
    total = np.zeros(shape, dtype=np.float64)
    count = np.zeros(shape[:2], dtype=np.int64)
    for y0, x0, out in tiles:
        th, tw = out.shape[:2]
        rows, cols = np.ix_(np.arange(y0, y0 + th), np.arange(x0, x0 + tw))
        np.add.at(total, (rows, cols), out.astype(np.float64))
        np.add.at(count, (rows, cols), 1)
    return total / count.reshape(count.shape + (1,) * (len(shape) - 2))


# ---------------------------------------------------------------------------------------
# iter_tiles
# ---------------------------------------------------------------------------------------
class _SliceCounter(np.ndarray):
    """An ndarray that counts how often it (or a view of it) is indexed."""

    count = 0

    def __getitem__(self, item):
        type(self).count += 1
        return super().__getitem__(item)


@pytest.mark.region("iter_tiles")
def test_iter_tiles_lazy_iterator(lab):
    """iter_tiles returns a lazy iterator: taking the first tile does not slice out all the others."""
    image = np.zeros((1000, 1000), dtype=np.uint8).view(_SliceCounter)
    _SliceCounter.count = 0
    result = lab.iter_tiles(image, 100, 0)
    assert isinstance(result, collections.abc.Iterator), (
        f"iter_tiles(...) returned a {type(result).__name__}, expected a lazy iterator (write it as a generator "
        "with `yield`): a list of all tiles of a 20k x 20k image would not fit in memory"
    )
    first = next(result)
    assert _SliceCounter.count <= 4, (
        f"after taking only the first of 100 tiles (1000x1000 image, tile 100), the image was indexed "
        f"{_SliceCounter.count} times: tiles must be produced one at a time, on demand"
    )
    assert first[0] == 0 and first[1] == 0, f"the first tile is at ({first[0]}, {first[1]}), expected (0, 0)"


@pytest.mark.region("iter_tiles")
@given(
    height=st.integers(1, 40),
    width=st.integers(1, 40),
    tile=st.integers(1, 16),
    overlap_frac=st.floats(0, 0.99),
    channels=st.sampled_from([None, 1, 3]),
)
def test_iter_tiles_cover_exactly(lab, height, width, tile, overlap_frac, channels):
    """Tiles are in-bounds full-size views on a row-major grid, overlap >= O, and cover every pixel."""
    overlap = min(int(overlap_frac * tile), tile - 1)
    shape = (height, width) if channels is None else (height, width, channels)
    image = np.arange(np.prod(shape), dtype=np.int32).reshape(shape)
    tiles = _collect_tiles(lab, image, tile, overlap)
    call = f"iter_tiles(image {shape}, tile={tile}, overlap={overlap})"
    th, tw = min(tile, height), min(tile, width)

    coverage = np.zeros((height, width), dtype=np.int64)
    for y0, x0, view in tiles:
        assert isinstance(y0, (int, np.integer)) and isinstance(x0, (int, np.integer)), (
            f"{call} yielded positions ({y0!r}, {x0!r}); expected integers"
        )
        assert 0 <= y0 and y0 + th <= height and 0 <= x0 and x0 + tw <= width, (
            f"{call} yielded a {th}x{tw} tile at (y0={y0}, x0={x0}) that leaves the {height}x{width} image: "
            "clamp the last start of each axis to length - tile"
        )
        assert view.shape == (th, tw) + shape[2:], (
            f"{call} yielded a tile of shape {view.shape} at ({y0}, {x0}), expected {(th, tw) + shape[2:]}: "
            "every tile has size min(tile, H) x min(tile, W) (edge tiles are shifted inwards, not cut short)"
        )
        assert np.array_equal(view, image[y0 : y0 + th, x0 : x0 + tw]), (
            f"{call}: the tile at ({y0}, {x0}) does not hold image[{y0}:{y0 + th}, {x0}:{x0 + tw}]"
        )
        assert np.shares_memory(view, image), (
            f"{call}: the tile at ({y0}, {x0}) is a copy; yield a view (basic slicing) so nothing is duplicated"
        )
        rows, cols = np.ix_(np.arange(y0, y0 + th), np.arange(x0, x0 + tw))
        np.add.at(coverage, (rows, cols), 1)

    uncovered = np.argwhere(coverage == 0)
    assert len(uncovered) == 0, (
        f"{call} leaves {len(uncovered)} pixel(s) uncovered, e.g. (row, col) = {tuple(uncovered[0])}: "
        "the last partial row/column of tiles is missing"
    )

    ys = sorted({int(t[0]) for t in tiles})
    xs = sorted({int(t[1]) for t in tiles})
    n_y, n_x = _min_tiles(height, tile, overlap), _min_tiles(width, tile, overlap)
    assert (len(ys), len(xs)) == (n_y, n_x), (
        f"{call} uses {len(ys)} row starts {ys} and {len(xs)} column starts {xs}; the fewest that cover the "
        f"image with overlap >= {overlap} are {n_y} and {n_x}"
    )
    positions = [(int(t[0]), int(t[1])) for t in tiles]
    expected_order = [(y, x) for y in ys for x in xs]
    assert positions == expected_order, (
        f"{call} yielded positions {positions[:8]}...; expected every (row start, column start) pair exactly "
        f"once in row-major order: {expected_order[:8]}..."
    )
    for name, starts, size in (("row", ys, th), ("column", xs, tw)):
        gaps = np.diff(starts)
        if len(gaps):
            assert size - gaps.max() >= overlap, (
                f"{call}: consecutive {name} starts {starts} overlap by only {size - gaps.max()} pixels, "
                f"expected at least overlap={overlap}"
            )

    # the coverage map of a full grid is the outer product of the 1-D coverages
    cov_y = np.zeros(height, dtype=np.int64)
    cov_x = np.zeros(width, dtype=np.int64)
    for y in ys:
        cov_y[y : y + th] += 1
    for x in xs:
        cov_x[x : x + tw] += 1
    assert np.array_equal(coverage, np.outer(cov_y, cov_x)), f"{call}: some tile is duplicated or missing in the grid"


@pytest.mark.region("iter_tiles")
def test_iter_tiles_reach_the_last_partial_row(lab):
    """A 10x11 image with tile 4, overlap 1 gets tiles reaching its last row and last column."""
    image = np.zeros((10, 11), dtype=np.uint8)
    tiles = _collect_tiles(lab, image, 4, 1)
    ys = sorted({int(t[0]) for t in tiles})
    xs = sorted({int(t[1]) for t in tiles})
    assert ys and ys[-1] == 10 - 4, (
        f"iter_tiles(10x11 image, tile=4, overlap=1) row starts {ys}: the last must be 10 - 4 = 6 so the bottom "
        "row is covered by a full tile"
    )
    assert xs and xs[-1] == 11 - 4, (
        f"iter_tiles(10x11 image, tile=4, overlap=1) column starts {xs}: the last must be 11 - 4 = 7 (stride 3 "
        "from 0 gives 0, 3, 6 which stops at column 9; the clamped extra tile covers column 10)"
    )


@pytest.mark.region("iter_tiles")
def test_iter_tiles_real_image_and_small_images(lab):
    """Tiles of the 512x512 camera photo cover it; an image smaller than the tile is one tile."""
    camera = data.skimage_image("camera")
    coverage = np.zeros(camera.shape, dtype=np.int64)
    for y0, x0, view in _collect_tiles(lab, camera, 200, 40):
        coverage[y0 : y0 + view.shape[0], x0 : x0 + view.shape[1]] += 1
    assert coverage.min() >= 1, "iter_tiles(camera 512x512, tile=200, overlap=40) leaves pixels uncovered"
    small = np.ones((5, 3, 3), dtype=np.uint8)
    tiles = _collect_tiles(lab, small, 8, 2)
    assert len(tiles) == 1 and tiles[0][2].shape == (5, 3, 3), (
        f"iter_tiles(image (5, 3, 3), tile=8, overlap=2) gave {len(tiles)} tile(s) of shapes "
        f"{[t[2].shape for t in tiles]}; expected one tile, the whole image"
    )


@pytest.mark.region("iter_tiles")
@pytest.mark.parametrize("tile,overlap", [(0, 0), (-4, 0), (8, -1), (8, 8), (8, 9)])
def test_iter_tiles_rejects_bad_arguments(lab, tile, overlap):
    """iter_tiles raises ValueError unless tile >= 1 and 0 <= overlap < tile."""
    image = np.zeros((20, 20), dtype=np.uint8)
    with pytest.raises(ValueError):
        list(lab.iter_tiles(image, tile, overlap))  # a generator raises on the first next()


# ---------------------------------------------------------------------------------------
# merge_tiles
# ---------------------------------------------------------------------------------------
@pytest.mark.region("merge_tiles")
def test_merge_identity_reconstructs_camera_exactly(lab):
    """Merging the unprocessed tiles of the camera photo gives back the photo exactly (float64)."""
    camera = data.skimage_image("camera")  # (512, 512) uint8
    starts = [0, 160, 312]  # tile 200, overlap >= 40, last clamped to 512 - 200
    merged = lab.merge_tiles((t for t in _grid_tiles(camera, starts, starts, 200, 200)), camera.shape)
    assert isinstance(merged, np.ndarray) and merged.shape == camera.shape, (
        f"merge_tiles(..., shape={camera.shape}) returned {type(merged).__name__} "
        f"{getattr(merged, 'shape', '')}, expected an array of shape {camera.shape}"
    )
    assert merged.dtype == np.float64, f"merge_tiles returned dtype {merged.dtype}, expected float64"
    diff = np.argwhere(merged != camera)
    assert len(diff) == 0, (
        f"identity merge of camera differs at {len(diff)} pixels, e.g. {tuple(diff[0])}: got "
        f"{merged[tuple(diff[0])]}, expected {camera[tuple(diff[0])]} (average, in float64, of identical values)"
    )


@pytest.mark.region("merge_tiles")
def test_merge_averages_overlaps(lab):
    """Where tiles overlap, the merged value is the mean of their outputs (vs an np.add.at reference)."""
    rng = np.random.default_rng(0)
    shape = (23, 30, 2)
    tiles = []
    for k, (y, x) in enumerate([(y, x) for y in (0, 7, 13) for x in (0, 9, 18, 20)]):
        out = np.full((10, 10, 2), float(k)) + rng.normal(size=(10, 10, 2))
        tiles.append((y, x, out))
    got = lab.merge_tiles(iter(tiles), shape)
    ref = _addat_average(tiles, shape)
    assert got.shape == shape, f"merge_tiles(..., shape={shape}) returned shape {got.shape}"
    err = np.abs(got - ref)
    where = np.unravel_index(err.argmax(), shape)
    assert err.max() < 1e-9, (
        f"merge_tiles of 12 overlapping 10x10x2 tiles differs from the per-pixel average by up to {err.max():.3g} "
        f"at {tuple(int(i) for i in where)} (got {got[where]:.4f}, expected {ref[where]:.4f}): divide each pixel's "
        "sum by the number of tiles covering that pixel"
    )


@pytest.mark.region("merge_tiles")
def test_merge_uint8_tiles_do_not_overflow(lab):
    """uint8 tile outputs are summed without wrapping around (200 + 200 must not become 144)."""
    tiles = [(0, 0, np.full((4, 6), 200, np.uint8)), (0, 3, np.full((4, 6), 200, np.uint8))]
    got = lab.merge_tiles(tiles, (4, 9))
    assert np.allclose(got, 200.0), (
        f"merging two overlapping uint8 tiles of value 200 gave values {np.unique(got).tolist()}, expected all 200.0: "
        "accumulate in float64"
    )


@pytest.mark.region("merge_tiles")
@given(
    height=st.integers(1, 30),
    width=st.integers(1, 30),
    tile=st.integers(1, 12),
    stride_frac=st.floats(0.1, 1.0),
    seed=st.integers(0, 2**16),
)
def test_merge_identity_round_trip(lab, height, width, tile, stride_frac, seed):
    """For any grid of tiles covering the image, merging unprocessed tiles reconstructs it exactly."""
    th, tw = min(tile, height), min(tile, width)
    stride = max(1, int(stride_frac * tile))

    def starts(length, t):
        s = list(range(0, max(length - t, 0) + 1, stride))
        return s if s[-1] == length - t else s + [length - t]

    image = np.random.default_rng(seed).integers(0, 256, size=(height, width, 3)).astype(np.uint8)
    tiles = _grid_tiles(image, starts(height, th), starts(width, tw), th, tw)
    got = lab.merge_tiles((t for t in tiles), image.shape)
    assert np.array_equal(got, image), (
        f"merge_tiles of {len(tiles)} unprocessed {th}x{tw} tiles (stride {stride}) of a {image.shape} image does "
        f"not reconstruct it: max error {np.abs(got - image).max()}"
    )


@pytest.mark.region("merge_tiles")
def test_merge_rejects_uncovered_pixels(lab):
    """merge_tiles raises ValueError when some pixel is covered by no tile."""
    tiles = [(0, 0, np.ones((4, 4))), (0, 5, np.ones((4, 4)))]  # column 4 of a 4x9 image is uncovered
    with pytest.raises(ValueError):
        lab.merge_tiles(tiles, (4, 9))


# ---------------------------------------------------------------------------------------
# timed
# ---------------------------------------------------------------------------------------
@pytest.mark.region("timed")
def test_timed_records_each_call(lab):
    """A timed function returns its result unchanged and records one wall-clock duration per call."""

    def scale(x, factor=2):
        time.sleep(0.002)
        return x * factor

    wrapped = lab.timed(scale)
    assert wrapped(3) == 6 and wrapped(3, factor=5) == 15 and wrapped(x=1, factor=-1) == -1, (
        "timed(scale)(...) does not return what scale returns (pass *args and **kwargs through, return the result)"
    )
    durations = getattr(wrapped, "durations", None)
    assert isinstance(durations, list) and len(durations) == 3, (
        f"after 3 calls, wrapper.durations is {durations!r}; expected a list of 3 durations in seconds"
    )
    assert all(d >= 0.0019 for d in durations), (
        f"the wrapped function sleeps 2 ms per call but the recorded durations are {durations}: measure "
        "wall-clock seconds (time.perf_counter) around the call"
    )
    other = lab.timed(lambda: None)
    other()
    assert len(wrapped.durations) == 3 and len(other.durations) == 1, (
        "two timed functions share one durations list: create a new list per decorated function"
    )


@pytest.mark.region("timed")
def test_timed_preserves_metadata(lab):
    """The wrapper keeps the wrapped function's name, qualname, docstring, module, attributes, signature."""

    def resize(image: np.ndarray, size: tuple[int, int], *, antialias: bool = True) -> np.ndarray:
        """Resize an image."""
        return image

    resize.version = 3
    wrapped = lab.timed(resize)
    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        assert getattr(wrapped, attr, None) == getattr(resize, attr), (
            f"timed(resize).{attr} is {getattr(wrapped, attr, None)!r}, expected {getattr(resize, attr)!r}: "
            "decorate the wrapper with functools.wraps(func)"
        )
    assert getattr(wrapped, "__wrapped__", None) is resize, (
        "timed(resize).__wrapped__ should be resize (functools.wraps sets it)"
    )
    assert getattr(wrapped, "version", None) == 3, "attributes of the wrapped function (its __dict__) were not copied"
    assert inspect.signature(wrapped) == inspect.signature(resize), (
        f"inspect.signature(timed(resize)) is {inspect.signature(wrapped)}, expected {inspect.signature(resize)}"
    )


@pytest.mark.region("timed")
def test_timed_records_and_reraises_exceptions(lab):
    """When the function raises, the same exception propagates and the duration is still recorded."""
    boom = RuntimeError("decoder failed")

    def fails():
        raise boom

    wrapped = lab.timed(fails)
    with pytest.raises(RuntimeError) as info:
        wrapped()
    assert info.value is boom, "timed changed the exception: let the original one propagate"
    assert len(wrapped.durations) == 1, (
        f"after one call that raised, durations is {wrapped.durations}; expected 1 entry (record in a finally block)"
    )


@pytest.mark.region("timed")
def test_timed_works_on_methods(lab):
    """@timed on a method still receives self (the wrapper binds like a function)."""

    class Model:
        def __init__(self):
            self.bias = 10

        @lab.timed
        def predict(self, x):
            """Add the bias."""
            return x + self.bias

    m = Model()
    got = m.predict(5)
    assert got == 15, f"Model().predict(5) returned {got!r}, expected 15 (self must be passed)"
    m.predict(1)
    assert len(Model.predict.durations) == 2, (
        f"after 2 calls through an instance, Model.predict.durations has {len(Model.predict.durations)} entries"
    )


# ---------------------------------------------------------------------------------------
# lru_cache
# ---------------------------------------------------------------------------------------
def _hit_pattern_ours(lab, maxsize, calls):
    underlying_calls = []

    def square(n):
        underlying_calls.append(n)
        return n * n

    f = lab.lru_cache(maxsize=maxsize)(square)
    hits = []
    for n in calls:
        before = len(underlying_calls)
        value = f(n)
        assert value == n * n, (
            f"lru_cache(maxsize={maxsize}) wrapper returned {value!r} for square({n}), expected {n * n}"
        )
        hits.append(len(underlying_calls) == before)
    return f, hits


def _hit_pattern_functools(maxsize, calls):
    f = functools.lru_cache(maxsize=maxsize)(lambda n: n * n)
    hits = []
    for n in calls:
        before = f.cache_info().hits
        f(n)
        hits.append(f.cache_info().hits > before)
    return f, hits


@pytest.mark.region("lru_cache")
def test_lru_refreshes_on_hit_and_evicts_least_recent(lab):
    """maxsize=2, calls 1 2 1 3 1 2: the hit on 1 refreshes it, so 3 evicts 2 (not 1)."""
    calls = [1, 2, 1, 3, 1, 2]
    _, ours = _hit_pattern_ours(lab, 2, calls)
    expected = [False, False, True, False, True, False]
    assert ours == expected, (
        f"lru_cache(maxsize=2) on calls {calls}: hits {ours}, expected {expected}. After 1, 2, 1 the least "
        "recently used entry is 2, so calling 3 must evict 2 and keep 1"
    )


@pytest.mark.region("lru_cache")
@given(
    maxsize=st.sampled_from([None, 0, 1, 2, 3, 5]),
    calls=st.lists(st.integers(0, 6), max_size=40),
)
def test_lru_hits_match_functools(lab, maxsize, calls):
    """On any call sequence, exactly the same calls are cache hits as with functools.lru_cache."""
    _, ours = _hit_pattern_ours(lab, maxsize, calls)
    _, ref = _hit_pattern_functools(maxsize, calls)
    if ours != ref:
        i = next(k for k in range(len(calls)) if ours[k] != ref[k])
        pytest.fail(
            f"lru_cache(maxsize={maxsize}) on calls {calls[: i + 1]}: call #{i} (argument {calls[i]}) was a "
            f"{'hit' if ours[i] else 'miss'}, functools.lru_cache makes it a {'hit' if ref[i] else 'miss'}",
            pytrace=False,
        )


@pytest.mark.region("lru_cache")
@given(
    maxsize=st.sampled_from([None, 0, 1, 2, 4]),
    calls=st.lists(st.integers(0, 5), max_size=30),
)
def test_lru_cache_info_matches_functools(lab, maxsize, calls):
    """cache_info() reports the same (hits, misses, maxsize, currsize) as functools.lru_cache."""
    f, _ = _hit_pattern_ours(lab, maxsize, calls)
    g, _ = _hit_pattern_functools(maxsize, calls)
    info = f.cache_info()
    assert tuple(info) == tuple(g.cache_info()), (
        f"lru_cache(maxsize={maxsize}) after calls {calls}: cache_info() = {info}, functools gives {g.cache_info()} "
        "(fields: hits, misses, maxsize, currsize)"
    )
    assert hasattr(info, "hits") and hasattr(info, "currsize"), "cache_info() should have named fields (CacheInfo)"


@pytest.mark.region("lru_cache")
def test_lru_cache_clear_and_metadata(lab):
    """cache_clear() empties the cache and zeroes the counters; the wrapper keeps name, doc, __wrapped__."""

    def area(w, h):
        """Area of a w x h box."""
        return w * h

    f = lab.lru_cache(maxsize=4)(area)
    assert f.__name__ == "area" and f.__doc__ == area.__doc__ and getattr(f, "__wrapped__", None) is area, (
        "the lru_cache wrapper lost area's __name__/__doc__/__wrapped__: use functools.wraps"
    )
    f(2, 3), f(2, 3), f(4, 5)
    f.cache_clear()
    assert tuple(f.cache_info()) == (0, 0, 4, 0), (
        f"after cache_clear(), cache_info() = {f.cache_info()}, expected (0, 0, 4, 0)"
    )
    f(2, 3)
    assert tuple(f.cache_info()) == (0, 1, 4, 1), (
        f"after cache_clear() and one call, cache_info() = {f.cache_info()}, expected a miss: (0, 1, 4, 1)"
    )


@pytest.mark.region("lru_cache")
def test_lru_keys_kwargs_unhashable_and_exceptions(lab):
    """Keyword arguments are part of the key, unhashable arguments raise TypeError, failures are not cached."""
    calls = []

    def resize(size, mode="bilinear"):
        calls.append((size, mode))
        if size < 0:
            raise ValueError("negative size")
        return f"{size}-{mode}"

    f = lab.lru_cache(maxsize=8)(resize)
    assert f(4, mode="nearest") == "4-nearest" and f(4, mode="bilinear") == "4-bilinear", (
        "calls differing only in a keyword argument returned the same cached result: include kwargs in the key"
    )
    assert f(4, mode="nearest") == "4-nearest" and len(calls) == 2, (
        f"the repeated call f(4, mode='nearest') re-ran the function ({len(calls)} underlying calls, expected 2)"
    )
    with pytest.raises(TypeError):
        f(np.zeros(3))  # a NumPy array is unhashable: functools.lru_cache raises TypeError too
    for _ in range(2):
        with pytest.raises(ValueError):
            f(-1)
    assert calls.count((-1, "bilinear")) == 2, "a call that raised was cached: the retry did not run the function again"


# ---------------------------------------------------------------------------------------
# temporary_env
# ---------------------------------------------------------------------------------------
_A, _B, _C = "CVLAB_LAB01_VAR_A", "CVLAB_LAB01_VAR_B", "CVLAB_LAB01_VAR_C"


@pytest.mark.region("temporary_env")
def test_temporary_env_sets_and_restores(lab, monkeypatch):
    """Inside the block the variables have the new values; afterwards the old state is back exactly."""
    monkeypatch.setenv(_A, "old")
    monkeypatch.delenv(_B, raising=False)
    monkeypatch.setenv(_C, "present")
    with lab.temporary_env(**{_A: "new", _B: "created", _C: None}):
        inside = (os.environ.get(_A), os.environ.get(_B), os.environ.get(_C))
    assert inside == ("new", "created", None), (
        f"inside temporary_env({_A}='new', {_B}='created', {_C}=None) the values are {inside}, "
        "expected ('new', 'created', None): None means unset"
    )
    assert os.environ.get(_A) == "old", f"after the block {_A} = {os.environ.get(_A)!r}, expected its old value 'old'"
    assert _B not in os.environ, (
        f"after the block {_B} = {os.environ.get(_B)!r}, but it did not exist before: delete it, do not set ''"
    )
    assert os.environ.get(_C) == "present", f"after the block {_C} = {os.environ.get(_C)!r}, expected 'present' back"


@pytest.mark.region("temporary_env")
def test_temporary_env_restores_when_body_raises(lab, monkeypatch):
    """When the body raises, the variables are still restored and the exception propagates unchanged."""
    monkeypatch.setenv(_A, "old")
    monkeypatch.delenv(_B, raising=False)
    error = KeyError("bad batch")
    with pytest.raises(KeyError) as info, lab.temporary_env(**{_A: "new", _B: "created"}):
        raise error
    assert info.value is error, "temporary_env replaced the body's exception"
    assert os.environ.get(_A) == "old" and _B not in os.environ, (
        f"after a body that raised: {_A} = {os.environ.get(_A)!r} (expected 'old'), {_B} = {os.environ.get(_B)!r} "
        "(expected absent): restore in a finally block"
    )


@pytest.mark.region("temporary_env")
def test_temporary_env_does_not_swallow_exceptions(lab, monkeypatch):
    """An exception in the body is not swallowed: code after the with block does not run."""
    monkeypatch.delenv(_A, raising=False)
    reached = []

    def body():
        with lab.temporary_env(**{_A: "1"}):
            raise ValueError("inside")
        reached.append(True)  # must be unreachable

    try:
        body()
    except ValueError:
        pass
    assert not reached, "the ValueError raised inside the block was swallowed by temporary_env"


@pytest.mark.region("temporary_env")
def test_temporary_env_restores_after_body_changes(lab, monkeypatch):
    """Even if the body changes or deletes the variables, the previous state is restored."""
    monkeypatch.setenv(_A, "old")
    monkeypatch.delenv(_B, raising=False)
    with lab.temporary_env(**{_A: "new", _B: "tmp"}):
        del os.environ[_A]
        os.environ[_B] = "changed by body"
    assert os.environ.get(_A) == "old" and _B not in os.environ, (
        f"the body deleted {_A} and changed {_B}; afterwards {_A} = {os.environ.get(_A)!r} (expected 'old') and "
        f"{_B} = {os.environ.get(_B)!r} (expected absent)"
    )


# ---------------------------------------------------------------------------------------
# BoundingBox validation
# ---------------------------------------------------------------------------------------
@pytest.mark.region("bbox_validate")
def test_bbox_stores_floats_and_stays_frozen(lab):
    """A valid box stores Python floats (from ints or NumPy scalars) and cannot be modified."""
    box = lab.BoundingBox(1, np.float32(2.5), np.int64(3), 4)
    assert box.xyxy == (1.0, 2.5, 3.0, 4.0) and all(type(v) is float for v in box.xyxy), (
        f"BoundingBox(1, np.float32(2.5), np.int64(3), 4) stores {[(v, type(v).__name__) for v in box.xyxy]}, "
        "expected four Python floats"
    )
    assert box == lab.BoundingBox(1.0, 2.5, 3.0, 4.0) and hash(box) == hash(lab.BoundingBox(1.0, 2.5, 3.0, 4.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.x1 = 0.0
    try:
        degenerate = lab.BoundingBox(5, 5, 5, 9)
    except ValueError as e:
        pytest.fail(
            f"BoundingBox(5, 5, 5, 9) raised ValueError({e}); a zero-width box (x1 == x2) is valid", pytrace=False
        )
    assert degenerate.area == 0.0, "a zero-width box (x1 == x2) is valid and has area 0"


@pytest.mark.region("bbox_validate")
@pytest.mark.parametrize(
    "coords", [(3, 0, 1, 5), (0, 4, 2, 1), (0.0, 0.0, -1e-9, 1.0)], ids=["x2<x1", "y2<y1", "tiny-negative-width"]
)
def test_bbox_rejects_inverted_corners(lab, coords):
    """x2 < x1 or y2 < y1 raises ValueError."""
    with pytest.raises(ValueError):
        lab.BoundingBox(*coords)


@pytest.mark.region("bbox_validate")
@given(position=st.integers(0, 3), bad=st.sampled_from([math.nan, math.inf, -math.inf]))
def test_bbox_rejects_nan_and_inf(lab, position, bad):
    """A NaN or infinite coordinate raises ValueError (NaN slips through x2 < x1 comparisons)."""
    coords = [0.0, 0.0, 10.0, 10.0]
    coords[position] = bad
    with pytest.raises(ValueError):
        lab.BoundingBox(*coords)


@pytest.mark.region("bbox_validate")
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=4, max_size=4))
def test_bbox_valid_iff_ordered(lab, coords):
    """For finite coordinates, construction succeeds exactly when x1 <= x2 and y1 <= y2."""
    x1, y1, x2, y2 = coords
    if x1 <= x2 and y1 <= y2:
        try:
            box = lab.BoundingBox(x1, y1, x2, y2)
        except ValueError as e:
            pytest.fail(
                f"BoundingBox{(x1, y1, x2, y2)} raised ValueError({e}) but x1 <= x2 and y1 <= y2", pytrace=False
            )
        assert box.xyxy == (x1, y1, x2, y2), f"BoundingBox{(x1, y1, x2, y2)} stores {box.xyxy}"
    else:
        with pytest.raises(ValueError):
            lab.BoundingBox(x1, y1, x2, y2)


# ---------------------------------------------------------------------------------------
# box_convert
# ---------------------------------------------------------------------------------------
def _random_xyxy(rng, n, scale=500.0):
    xy = rng.uniform(-scale, scale, size=(n, 2))
    wh = rng.uniform(0.0, scale, size=(n, 2))
    return np.concatenate([xy, xy + wh], axis=1)  # (n, 4) valid xyxy


FORMATS = ["xyxy", "xywh", "cxcywh"]


@pytest.mark.region("box_convert")
def test_box_convert_known_values(lab):
    """A centre box (cx=10, cy=20, w=4, h=6) is the corners (8, 17, 12, 23): half the size each side."""
    got = np.asarray(lab.box_convert(np.array([[10.0, 20.0, 4.0, 6.0]]), "cxcywh", "xyxy"))
    assert got.shape == (1, 4) and np.allclose(got, [[8, 17, 12, 23]]), (
        f"box_convert([[10, 20, 4, 6]], 'cxcywh', 'xyxy') = {got.tolist()}, expected [[8, 17, 12, 23]]"
    )
    got = np.asarray(lab.box_convert(np.array([[8.0, 17.0, 12.0, 23.0]]), "xyxy", "xywh"))
    assert np.allclose(got, [[8, 17, 4, 6]]), (
        f"box_convert([[8, 17, 12, 23]], 'xyxy', 'xywh') = {got.tolist()}, expected [[8, 17, 4, 6]]"
    )


@pytest.mark.region("box_convert")
@pytest.mark.parametrize("in_fmt", FORMATS)
@pytest.mark.parametrize("out_fmt", FORMATS)
def test_box_convert_matches_torchvision(lab, tv_ops, in_fmt, out_fmt):
    """box_convert agrees with torchvision.ops.box_convert for every pair of formats."""
    torch, ops = tv_ops
    boxes = np.random.default_rng(1).uniform(-300, 300, size=(64, 4))
    boxes[:, 2:] = np.abs(boxes[:, 2:])  # sizes / far corners: any float works for the algebra
    ref = ops.box_convert(torch.from_numpy(boxes.copy()), in_fmt, out_fmt).numpy()
    got = np.asarray(lab.box_convert(boxes, in_fmt, out_fmt))
    assert got.shape == ref.shape, f"box_convert((64, 4), {in_fmt!r}, {out_fmt!r}) returned shape {got.shape}"
    i = int(np.abs(got - ref).max(axis=1).argmax())
    assert np.allclose(got, ref, rtol=1e-12, atol=1e-9), (
        f"box_convert({boxes[i].round(3).tolist()}, {in_fmt!r}, {out_fmt!r}) = {got[i].round(3).tolist()}, "
        f"torchvision gives {ref[i].round(3).tolist()}"
    )


@pytest.mark.region("box_convert")
@given(seed=st.integers(0, 2**16), n=st.integers(0, 6), fmt=st.sampled_from(FORMATS), via=st.sampled_from(FORMATS))
def test_box_convert_round_trips(lab, seed, n, fmt, via):
    """Converting to another format and back returns the original boxes (up to float rounding)."""
    start = lab_free_convert(_random_xyxy(np.random.default_rng(seed), n), fmt)
    back = np.asarray(lab.box_convert(lab.box_convert(start, fmt, via), via, fmt))
    assert back.shape == start.shape, f"round trip {fmt} -> {via} -> {fmt} changed shape {start.shape} -> {back.shape}"
    assert np.allclose(back, start, rtol=1e-12, atol=1e-9), (
        f"round trip {fmt} -> {via} -> {fmt} of {start[:1].tolist()} gave {back[:1].tolist()}"
    )


def lab_free_convert(xyxy: np.ndarray, fmt: str) -> np.ndarray:
    """Test-side xyxy -> fmt (so round-trip inputs do not depend on the code under test)."""
    x1, y1, x2, y2 = xyxy.T
    if fmt == "xyxy":
        return xyxy.copy()
    if fmt == "xywh":
        return np.stack([x1, y1, x2 - x1, y2 - y1], axis=1)
    return np.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], axis=1)


@pytest.mark.region("box_convert")
def test_box_convert_shapes_dtype_and_input_untouched(lab):
    """Works on (4,), (0, 4) and (2, 3, 4) inputs, returns float64, never modifies its input, rejects bad formats."""
    ints = np.array([[0, 0, 4, 2], [1, 1, 3, 3]])
    before = ints.copy()
    out = np.asarray(lab.box_convert(ints, "xyxy", "cxcywh"))
    assert np.array_equal(ints, before), "box_convert modified its input array"
    assert out.dtype == np.float64 and np.allclose(out, [[2, 1, 4, 2], [2, 2, 2, 2]]), (
        f"box_convert(int boxes [[0,0,4,2],[1,1,3,3]], 'xyxy', 'cxcywh') = {out.tolist()} ({out.dtype}), "
        "expected float64 [[2, 1, 4, 2], [2, 2, 2, 2]] (integer division would truncate the centre)"
    )
    same = np.array([[1.0, 2.0, 3.0, 4.0]])
    out = lab.box_convert(same, "xyxy", "xyxy")
    out[0, 0] = 99.0
    assert same[0, 0] == 1.0, "box_convert(boxes, 'xyxy', 'xyxy') returned the input itself: return a new array"
    batch = _random_xyxy(np.random.default_rng(2), 6).reshape(2, 3, 4)
    got = np.asarray(lab.box_convert(batch, "xyxy", "xywh"))
    flat = np.asarray(lab.box_convert(batch.reshape(6, 4), "xyxy", "xywh"))
    assert got.shape == (2, 3, 4) and np.allclose(got.reshape(6, 4), flat), (
        f"box_convert on a (2, 3, 4) batch returned shape {got.shape} or values that differ from the flat (6, 4) call"
    )
    assert np.asarray(lab.box_convert(np.zeros((0, 4)), "xywh", "cxcywh")).shape == (0, 4), (
        "(0, 4) input should give (0, 4)"
    )
    assert np.asarray(lab.box_convert(np.array([0.0, 0.0, 2.0, 2.0]), "xyxy", "cxcywh")).shape == (4,), (
        "(4,) input should give (4,)"
    )
    for args in [("xyxy", "yolo"), ("ltrb", "xyxy")]:
        with pytest.raises(ValueError):
            lab.box_convert(same, *args)
    with pytest.raises(ValueError):
        lab.box_convert(np.zeros((3, 5)), "xyxy", "xywh")


@pytest.mark.region("box_convert")
@given(
    x=st.floats(-1e4, 1e4),
    y=st.floats(-1e4, 1e4),
    w=st.floats(0, 1e4),
    h=st.floats(0, 1e4),
)
def test_bbox_constructors_round_trip(lab, x, y, w, h):
    """BoundingBox.from_xywh / from_cxcywh and the .xywh / .cxcywh properties round-trip."""
    box = lab.BoundingBox.from_xywh(x, y, w, h)
    assert np.allclose(box.xywh, (x, y, w, h), rtol=1e-12, atol=1e-8), f"from_xywh{(x, y, w, h)}.xywh = {box.xywh}"
    again = lab.BoundingBox.from_cxcywh(*box.cxcywh)
    assert np.allclose(again.xyxy, box.xyxy, rtol=1e-12, atol=1e-8), (
        f"from_cxcywh(*box.cxcywh) of {box.xyxy} gave {again.xyxy}"
    )
    assert np.isclose(box.cxcywh[0], x + w / 2, rtol=1e-12, atol=1e-8), (
        f"from_xywh{(x, y, w, h)}.cxcywh = {box.cxcywh}: the centre x should be x + w / 2 = {x + w / 2}"
    )


@pytest.mark.region("box_convert")
def test_bbox_negative_size_rejected(lab):
    """from_xywh / from_cxcywh with a negative width or height raise ValueError."""
    for ctor, args in [("from_xywh", (0, 0, -1, 5)), ("from_cxcywh", (10, 10, 4, -2))]:
        with pytest.raises(ValueError):
            getattr(lab.BoundingBox, ctor)(*args)


# ---------------------------------------------------------------------------------------
# box_iou
# ---------------------------------------------------------------------------------------
@pytest.mark.region("box_iou")
def test_box_iou_known_values(lab):
    """Hand-computed IoUs: 1/7 for half-overlapping squares, 1 for identical, 0 for disjoint or touching."""
    a = np.array([[0.0, 0.0, 2.0, 2.0]])
    b = np.array(
        [[1.0, 1.0, 3.0, 3.0], [0.0, 0.0, 2.0, 2.0], [5.0, 5.0, 6.0, 6.0], [2.0, 0.0, 4.0, 2.0], [3.0, -4.0, 4.0, -3.0]]
    )
    got = np.asarray(lab.box_iou(a, b))
    expected = np.array([[1 / 7, 1.0, 0.0, 0.0, 0.0]])
    assert got.shape == (1, 5), f"box_iou((1, 4), (5, 4)) returned shape {got.shape}, expected (1, 5)"
    assert np.allclose(got, expected, atol=1e-12), (
        f"box_iou([0, 0, 2, 2], {b.tolist()}) = {got.round(4).tolist()}, expected {expected.round(4).tolist()} "
        "(intersection 1, union 4 + 4 - 1 = 7 for the first; disjoint boxes must give 0: clamp negative overlaps)"
    )
    box = lab.BoundingBox(0, 0, 2, 2)
    assert math.isclose(box.iou(lab.BoundingBox(1, 1, 3, 3)), 1 / 7), "BoundingBox.iou should use box_iou"


@pytest.mark.region("box_iou")
@pytest.mark.parametrize("n,m", [(30, 20), (1, 7), (5, 1)])
def test_box_iou_matches_torchvision(lab, tv_ops, n, m):
    """box_iou agrees with torchvision.ops.box_iou on random overlapping and disjoint boxes."""
    torch, ops = tv_ops
    rng = np.random.default_rng(n * 100 + m)
    b1 = _random_xyxy(rng, n, scale=50.0)
    b2 = _random_xyxy(rng, m, scale=50.0)
    b1[:, 2:] += 0.5  # positive areas: torchvision returns NaN for 0/0, we return 0
    b2[:, 2:] += 0.5
    ref = ops.box_iou(torch.from_numpy(b1), torch.from_numpy(b2)).numpy()
    got = np.asarray(lab.box_iou(b1, b2))
    assert got.shape == (n, m), f"box_iou(({n}, 4), ({m}, 4)) returned shape {got.shape}, expected ({n}, {m})"
    i, j = np.unravel_index(np.abs(got - ref).argmax(), ref.shape)
    assert np.allclose(got, ref, rtol=1e-10, atol=1e-12), (
        f"box_iou({b1[i].round(2).tolist()}, {b2[j].round(2).tolist()}) = {got[i, j]:.6f}, "
        f"torchvision gives {ref[i, j]:.6f}"
    )


@pytest.mark.region("box_iou")
def test_box_iou_equals_pixel_counts(lab):
    """For integer boxes, IoU equals |A and B| / |A or B| counted on rasterised pixel masks."""
    rng = np.random.default_rng(7)
    corners = rng.integers(0, 40, size=(12, 2, 2))
    boxes = np.concatenate([corners.min(axis=1), corners.max(axis=1) + 1], axis=1).astype(np.float64)  # (12, 4) xyxy
    yy, xx = np.mgrid[0:41, 0:41]
    masks = np.stack([(xx >= x1) & (xx < x2) & (yy >= y1) & (yy < y2) for x1, y1, x2, y2 in boxes])  # (12, 41, 41)
    inter = np.einsum("ihw,jhw->ij", masks.astype(np.int64), masks.astype(np.int64))
    areas = masks.sum(axis=(1, 2))
    ref = inter / (areas[:, None] + areas[None, :] - inter)
    got = np.asarray(lab.box_iou(boxes[:6], boxes[6:]))
    i, j = np.unravel_index(np.abs(got - ref[:6, 6:]).argmax(), (6, 6))
    assert np.allclose(got, ref[:6, 6:], atol=1e-12), (
        f"box_iou({boxes[i].tolist()}, {boxes[6 + j].tolist()}) = {got[i, j]:.6f}, but counting pixels of the two "
        f"rasterised boxes gives {ref[i, 6 + j]:.6f}"
    )


@pytest.mark.region("box_iou")
@given(
    seed=st.integers(0, 2**16),
    n=st.integers(0, 5),
    m=st.integers(0, 5),
    shift=st.floats(-100, 100),
    scale=st.floats(0.1, 10),
)
def test_box_iou_properties(lab, seed, n, m, shift, scale):
    """IoU is symmetric, in [0, 1], 1 on the diagonal of a box with itself, and unchanged by shifting/scaling."""
    rng = np.random.default_rng(seed)
    b1 = _random_xyxy(rng, n, 20.0)
    b2 = _random_xyxy(rng, m, 20.0)
    b1[:, 2:] += 0.1
    b2[:, 2:] += 0.1
    iou = np.asarray(lab.box_iou(b1, b2))
    assert iou.shape == (n, m), f"box_iou(({n}, 4), ({m}, 4)) returned shape {iou.shape}"
    assert np.allclose(np.asarray(lab.box_iou(b2, b1)), iou.T, atol=1e-12), "box_iou(b, a) is not box_iou(a, b).T"
    assert np.all((iou >= 0) & (iou <= 1 + 1e-12)), f"IoU outside [0, 1]: {iou[(iou < 0) | (iou > 1)]}"
    if n:
        self_iou = np.diag(np.asarray(lab.box_iou(b1, b1)))
        assert np.allclose(self_iou, 1.0), f"the IoU of boxes with themselves is {self_iou}, expected all 1"
    moved = np.asarray(lab.box_iou(b1 * scale + shift, b2 * scale + shift))
    assert np.allclose(moved, iou, atol=1e-9), "IoU changed when both sets of boxes were shifted and scaled together"


@pytest.mark.region("box_iou")
def test_box_iou_degenerate_and_empty(lab):
    """Zero-area boxes give IoU 0 (not NaN); empty box sets give empty (N, M) matrices."""
    point = np.array([[1.0, 1.0, 1.0, 1.0]])
    got = np.asarray(lab.box_iou(point, point))
    assert got.shape == (1, 1) and got[0, 0] == 0.0, (
        f"box_iou of a zero-area box with itself = {got.tolist()}, expected [[0.0]] (union 0: define IoU as 0, not NaN)"
    )
    assert np.asarray(lab.box_iou(np.zeros((0, 4)), _random_xyxy(np.random.default_rng(0), 3))).shape == (0, 3)
    assert np.asarray(lab.box_iou(_random_xyxy(np.random.default_rng(0), 2), np.zeros((0, 4)))).shape == (2, 0)
