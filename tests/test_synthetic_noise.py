"""The noise models keep their documented promises: exact parameters, determinism, no mutation."""

from __future__ import annotations

import numpy as np
import pytest

from cvlab.data.synthetic import noise


@pytest.fixture(scope="module")
def grey() -> np.ndarray:
    """A smooth uint8 ramp image covering 20..235 (no clipping at sigma 5)."""
    y, x = np.mgrid[0:256, 0:256]
    return (20 + (x + y) * 215 // 510).astype(np.uint8)


def test_data_range_by_dtype():
    assert noise.data_range_of(np.zeros(1, np.uint8)) == 255
    assert noise.data_range_of(np.zeros(1, np.uint16)) == 65535
    assert noise.data_range_of(np.zeros(1, np.float32)) == 1.0
    assert noise.data_range_of(np.zeros(1, bool)) == 1.0
    with pytest.raises(ValueError):
        noise.data_range_of(np.zeros(1, np.int16))


@pytest.mark.parametrize(
    "fn, kw",
    [
        (noise.gaussian, {"sigma": 10}),
        (noise.poisson, {"peak": 20}),
    ],
)
def test_deterministic_per_seed_and_input_untouched(grey, fn, kw):
    before = grey.copy()
    a, b, c = fn(grey, seed=1, **kw), fn(grey, seed=1, **kw), fn(grey, seed=2, **kw)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert a.dtype == np.float64 and a.shape == grey.shape
    assert np.array_equal(grey, before), "the clean image must not be modified"
    gen = np.random.default_rng(5)
    assert np.array_equal(fn(grey, seed=np.random.default_rng(5), **kw), fn(grey, seed=gen, **kw))


def test_gaussian_unclipped_noise_has_exact_moments(grey):
    noisy = noise.gaussian(grey, sigma=12.5, seed=0, clip=False)
    n = noisy - grey
    # 65536 samples: the sample std of the std is ~ sigma / sqrt(2N) = 0.035, of the mean 0.05
    assert abs(n.mean()) < 0.25, n.mean()
    assert abs(n.std() - 12.5) < 0.2, n.std()
    # independent pixels: neighbouring noise values are uncorrelated
    assert abs(np.corrcoef(n[:, 1:].ravel(), n[:, :-1].ravel())[0, 1]) < 0.02


def test_gaussian_clips_to_the_data_range():
    flat = np.full((64, 64), 250, np.uint8)
    noisy = noise.gaussian(flat, sigma=20, seed=0)
    assert noisy.max() == 255.0 and noisy.min() >= 0
    f = noise.gaussian(np.full((32, 32), 0.5), sigma=2.0, seed=0)
    assert f.min() == 0.0 and f.max() == 1.0, "float images are clipped to [0, 1]"
    assert noise.gaussian(flat, sigma=0, seed=0).tolist() == flat.astype(float).tolist()


@pytest.mark.parametrize("shape", [(100, 80), (60, 50, 3)])
def test_salt_and_pepper_exact_counts_and_masks(shape):
    img = np.random.default_rng(0).integers(1, 255, size=shape, dtype=np.uint8)
    res = noise.salt_and_pepper(img, amount=0.1, seed=3, salt_ratio=0.3)
    H, W = shape[:2]
    n = round(0.1 * H * W)
    assert res.noisy.dtype == np.uint8 and res.noisy.shape == img.shape
    assert res.salt.shape == (H, W) and res.pepper.shape == (H, W)
    assert res.salt.sum() == round(0.3 * n) and res.pepper.sum() == n - round(0.3 * n)
    assert not (res.salt & res.pepper).any()
    assert (res.noisy[res.salt] == 255).all() and (res.noisy[res.pepper] == 0).all()
    clean = ~(res.salt | res.pepper)
    assert np.array_equal(res.noisy[clean], img[clean]), "untouched pixels keep their value"
    noisy, salt, pepper = res  # unpacks in this order
    assert noisy is res.noisy and salt is res.salt and pepper is res.pepper


def test_salt_and_pepper_float_and_custom_range():
    img = np.full((20, 20), 0.5)
    res = noise.salt_and_pepper(img, amount=1.0, seed=0)
    assert set(np.unique(res.noisy)) == {0.0, 1.0} and res.salt.sum() == 200
    res = noise.salt_and_pepper(np.full((10, 10), 7, np.uint16), amount=0.5, seed=0, salt_ratio=1.0, data_range=1000)
    assert set(np.unique(res.noisy)) == {7, 1000}


def test_poisson_mean_and_variance_follow_the_signal():
    levels = np.repeat(np.array([10, 60, 128, 240], np.uint8), 40000).reshape(4, 200, 200)
    img = np.concatenate(list(levels), axis=1)  # (200, 800): four flat strips
    peak = 30.0
    noisy = noise.poisson(img, peak=peak, seed=0)
    for k, v in enumerate([10, 60, 128, 240]):
        strip = noisy[:, 200 * k : 200 * (k + 1)]
        var = v * 255.0 / peak
        assert abs(strip.mean() - v) < 4 * np.sqrt(var / strip.size) + 1e-9, (v, strip.mean())
        assert abs(strip.var() / var - 1) < 0.03, (v, strip.var(), var)
    # values are multiples of R / peak (photon counts)
    counts = noisy * peak / 255.0
    assert np.allclose(counts, np.rint(counts))


def test_invalid_parameters_raise(grey):
    for call in (
        lambda: noise.gaussian(grey, sigma=-1),
        lambda: noise.salt_and_pepper(grey, amount=1.5),
        lambda: noise.salt_and_pepper(grey, amount=0.1, salt_ratio=2),
        lambda: noise.poisson(grey, peak=0),
        lambda: noise.poisson(-np.ones((4, 4)), peak=5),
        lambda: noise.gaussian(np.zeros(5), sigma=1),
    ):
        with pytest.raises(ValueError):
            call()


def test_to_uint8_rounds_and_saturates():
    assert noise.to_uint8(np.array([-3.0, 0.4, 0.6, 254.5, 300.0])).tolist() == [0, 0, 1, 254, 255]
