"""Synthetic generators keep their promises: deterministic, exact ground truth."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from cvlab.data.synthetic import clips


@pytest.fixture(scope="module")
def fashion():
    return clips.fashion_mnist_clips(12, 5, seed=3)


def test_clips_are_deterministic_per_seed(fashion):
    again = clips.fashion_mnist_clips(12, 5, seed=3)
    assert np.array_equal(fashion.frames, again.frames) and np.array_equal(fashion.shifts, again.shifts)
    other = clips.fashion_mnist_clips(12, 5, seed=4)
    assert not np.array_equal(fashion.frames, other.frames)


def test_clip_labels_groups_and_bases_agree(fashion):
    from cvlab import data

    _, labels = data.fashion_mnist("test")
    frames, y, groups = fashion
    assert frames.shape == (60, 28, 28) and frames.dtype == np.float32
    assert np.array_equal(groups, np.repeat(np.arange(12), 5))
    assert np.array_equal(y, labels[fashion.base_index][groups])
    assert len(set(fashion.base_index.tolist())) == 12, "each clip films a different image"
    assert np.abs(fashion.shifts).max() <= 1.0


def test_shift_matches_scipy_bilinear_with_zero_fill():
    rng = np.random.default_rng(0)
    img = rng.random((3, 16, 16))
    shifts = rng.uniform(-1.5, 1.5, size=(3, 2))
    got = clips.shift_bilinear(img, shifts)
    for i in range(3):
        ref = ndimage.shift(img[i], shifts[i], order=1, mode="grid-constant", cval=0.0)
        assert np.allclose(got[i], ref, atol=1e-12)


def test_render_reproduces_the_noise_free_frames():
    images = np.random.default_rng(1).integers(0, 256, size=(30, 10, 10), dtype=np.uint8)
    c = clips.make_clips(images, np.arange(30) % 3, 4, 6, seed=2, noise=0.0)
    clean = clips.render(images[c.base_index] / 255.0, c.groups, c.shifts, c.gains)
    assert np.allclose(c.frames, np.clip(clean, 0, 1), atol=1e-6)


def test_disjoint_pools_never_share_a_base_image():
    images = np.zeros((50, 4, 4), np.uint8)
    a = clips.make_clips(images, np.zeros(50), 10, 2, pool=slice(0, 25), seed=0)
    b = clips.make_clips(images, np.zeros(50), 10, 2, pool=slice(25, 50), seed=0)
    assert not set(a.base_index.tolist()) & set(b.base_index.tolist())
