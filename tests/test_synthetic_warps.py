"""The homography generators keep their documented promises: exact H, conditioning, exact inlier masks."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from cvlab.data.synthetic import warps


@pytest.fixture(scope="module")
def texture() -> np.ndarray:
    """A smooth, textured uint8 image (sum of sines): bilinear resampling is nearly exact on it."""
    y, x = np.mgrid[0:200, 0:300].astype(np.float64)
    img = 128 + 50 * np.sin(x / 9.0) * np.cos(y / 13.0) + 40 * np.sin((x + 2 * y) / 17.0)
    return np.clip(img, 0, 255).astype(np.uint8)


def test_homography_from_corners_is_exact_and_matches_cv2():
    src = np.array([[0, 0], [99, 0], [99, 79], [0, 79]], np.float64)
    dst = src + np.array([[3, -2], [-5, 4], [2, 6], [-4, -1]], np.float64)
    H = warps.homography_from_corners(src, dst)
    assert H[2, 2] == 1.0
    assert np.allclose(warps.apply_homography(H, src), dst, atol=1e-9)
    ref = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))
    assert np.allclose(H, ref, rtol=1e-5, atol=1e-8)


def test_random_homography_deterministic_bounded_and_well_conditioned():
    shape = (240, 320)
    a, b, c = (warps.random_homography(shape, 0.2, s) for s in (1, 1, 2))
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert np.array_equal(
        warps.random_homography(shape, 0.2, np.random.default_rng(4)),
        warps.random_homography(shape, 0.2, np.random.default_rng(4)),
    )
    corners = warps.image_corners(shape)
    for seed in range(50):
        H = warps.random_homography(shape, 0.2, seed)
        moved = warps.apply_homography(H, corners) - corners
        assert np.all(np.abs(moved[:, 0]) <= 0.2 * 320 + 1e-9) and np.all(np.abs(moved[:, 1]) <= 0.2 * 240 + 1e-9)
        # w > 0 over the whole image: nothing crosses the line at infinity
        yy, xx = np.mgrid[0:240:8, 0:320:8]
        w = H[2, 0] * xx + H[2, 1] * yy + H[2, 2]
        assert w.min() > 0
        assert np.linalg.cond(H) < 1e4
    assert np.allclose(warps.random_homography(shape, 0.0, 0), np.eye(3))
    with pytest.raises(ValueError):
        warps.random_homography(shape, 0.3, 0)


def test_warp_pair_is_the_image_seen_through_H(texture):
    before = texture.copy()
    pair = warps.warp_pair(texture, jitter=0.1, seed=3)
    assert np.array_equal(texture, before), "the input image must not be modified"
    assert pair.img1.shape == pair.img2.shape == texture.shape and pair.img2.dtype == np.uint8
    assert np.array_equal(pair.img1, texture) and pair.mask2.dtype == bool and pair.mask2.shape == texture.shape
    # img2 at H(p) equals img1 at p (bilinear and rounding aside) for points well inside both images
    rng = np.random.default_rng(0)
    p = rng.uniform([20, 20], [280, 180], size=(300, 2))
    q = warps.apply_homography(pair.H, p)
    ok = (q[:, 0] > 2) & (q[:, 0] < 297) & (q[:, 1] > 2) & (q[:, 1] < 197)
    p, q = p[ok], q[ok]
    v1 = cv2.remap(
        texture.astype(np.float32), p[:, :1].astype(np.float32), p[:, 1:].astype(np.float32), cv2.INTER_LINEAR
    )
    v2 = cv2.remap(
        pair.img2.astype(np.float32), q[:, :1].astype(np.float32), q[:, 1:].astype(np.float32), cv2.INTER_LINEAR
    )
    assert np.abs(v1 - v2).mean() < 2.0
    # the mask is exactly where the pre-image lies inside img1 (up to the boundary pixels)
    yy, xx = np.mgrid[0:200, 0:300]
    pre = warps.apply_homography(np.linalg.inv(pair.H), np.c_[xx.ravel(), yy.ravel()]).reshape(200, 300, 2)
    inside = (pre[..., 0] >= 0.5) & (pre[..., 0] <= 298.5) & (pre[..., 1] >= 0.5) & (pre[..., 1] <= 198.5)
    outside = (pre[..., 0] < -0.5) | (pre[..., 0] > 299.5) | (pre[..., 1] < -0.5) | (pre[..., 1] > 199.5)
    assert pair.mask2[inside].all() and not pair.mask2[outside].any()
    far = (pre[..., 0] < -1) | (pre[..., 0] > 300) | (pre[..., 1] < -1) | (pre[..., 1] > 200)
    assert np.all(pair.img2[far] == 0), "pixels that see nothing of img1 are black (constant border)"


def test_panorama_pair_views_of_the_source(texture):
    pp = warps.panorama_pair(texture, width=180, overlap=0.5, jitter=0.08, seed=2)
    assert pp.img1.shape == (200, 180) and pp.img2.shape == (200, 180) and np.array_equal(pp.source, texture)
    assert np.array_equal(pp.img1, texture[:, :180])
    # img2 pixel q shows the source at H^-1(q)
    yy, xx = np.mgrid[10:190:7, 10:170:7]
    q = np.c_[xx.ravel(), yy.ravel()].astype(np.float64)
    s = warps.apply_homography(np.linalg.inv(pp.H), q)
    ok = (s[:, 0] > 1) & (s[:, 0] < 298) & (s[:, 1] > 1) & (s[:, 1] < 198)
    src_vals = cv2.remap(
        texture.astype(np.float32), s[ok, :1].astype(np.float32), s[ok, 1:].astype(np.float32), cv2.INTER_LINEAR
    )
    assert np.abs(src_vals.ravel() - pp.img2[yy.ravel()[ok], xx.ravel()[ok]]).mean() < 1.5
    # the second window starts at x0 = 90: img2's centre sees the source near x = 90 + 90
    centre = warps.apply_homography(np.linalg.inv(pp.H), [[90.0, 100.0]])[0]
    assert abs(centre[0] - 180) < 0.1 * 180 + 1 and abs(centre[1] - 100) < 0.1 * 200 + 1
    with pytest.raises(ValueError):
        warps.panorama_pair(texture, width=250, overlap=0.2)


@pytest.mark.parametrize("frac", [0.0, 0.3, 0.5, 1.0])
def test_correspondences_exact_outlier_count_and_noise(frac):
    shape = (300, 400)
    H = warps.random_homography(shape, 0.15, 0)
    c = warps.correspondences(H, shape, n=1000, sigma=1.5, outlier_fraction=frac, seed=1)
    assert c.src.shape == c.dst.shape == c.dst_true.shape == (1000, 2) and c.inliers.dtype == bool
    assert (~c.inliers).sum() == round(frac * 1000)
    assert np.all((c.src >= 0) & (c.src <= [399, 299]))
    assert np.allclose(c.dst_true, warps.apply_homography(H, c.src))
    err = c.dst - c.dst_true
    if c.inliers.any():
        e = err[c.inliers]
        assert abs(e.std() - 1.5) < 0.15 and np.abs(e.mean(0)).max() < 0.2
    if (~c.inliers).any():
        assert np.linalg.norm(err[~c.inliers], axis=1).min() >= 20.0
        assert np.all((c.dst[~c.inliers] >= 0) & (c.dst[~c.inliers] <= [399, 299]))
    again = warps.correspondences(H, shape, n=1000, sigma=1.5, outlier_fraction=frac, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(c, again))


def test_correspondences_noise_free_and_edge_cases():
    H = warps.random_homography((100, 100), 0.1, 0)
    c = warps.correspondences(H, (100, 100), n=20, sigma=0.0, seed=0)
    assert np.array_equal(c.dst, c.dst_true) and c.inliers.all()
    empty = warps.correspondences(H, (100, 100), n=0, seed=0)
    assert empty.src.shape == (0, 2) and empty.inliers.shape == (0,)
    with pytest.raises(ValueError):
        warps.correspondences(H, (100, 100), n=10, outlier_fraction=1.5)


def test_corner_error_and_apply_homography():
    H = np.array([[1.0, 0, 3], [0, 1, -4], [0, 0, 1]])
    assert warps.corner_error(H, np.eye(3), (10, 10)) == pytest.approx(5.0)
    assert warps.corner_error(H, H, (10, 10)) == 0.0
    pts = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert np.allclose(warps.apply_homography(2.0 * H, pts), pts + [3, -4])  # scale-invariant
    ref = cv2.perspectiveTransform(pts[None], warps.random_homography((50, 50), 0.2, 1))[0]
    assert np.allclose(warps.apply_homography(warps.random_homography((50, 50), 0.2, 1), pts), ref)
