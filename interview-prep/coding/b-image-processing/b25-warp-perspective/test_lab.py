"""Grader for b25 - warpPerspective by inverse mapping.

References: scipy.ndimage.map_coordinates(order=1, mode='grid-constant') sampled at the
homogeneous inverse map (exact float64 bilinear with the constant for out-of-image
neighbours), for random homographies including negative scalings; cv2.warpPerspective on a
real photo (OpenCV quantises coordinates to 1/32 pixel, so a small error is allowed); a
hand example where part of the output lies beyond the horizon, where OpenCV's plain
division would read image content.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage as ndi

from cvlab import data
from cvlab.testing import where_differs

IMG = np.arange(16, dtype=np.float64).reshape(4, 4)
TILT = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.5, 1.0]])


def _reference(img: np.ndarray, H: np.ndarray, out_h: int, out_w: int, cval: float) -> np.ndarray:
    h, w = img.shape[:2]
    if (H @ [(w - 1) / 2, (h - 1) / 2, 1.0])[2] < 0:
        H = -H
    ys, xs = np.mgrid[0:out_h, 0:out_w].astype(float)
    u, v, ww = np.linalg.inv(H) @ np.stack([xs.ravel(), ys.ravel(), np.ones(xs.size)])
    ok = ww > 1e-12
    sx = np.where(ok, u / np.where(ok, ww, 1), -5).reshape(out_h, out_w)
    sy = np.where(ok, v / np.where(ok, ww, 1), -5).reshape(out_h, out_w)
    chans = [img] if img.ndim == 2 else [img[..., k] for k in range(img.shape[2])]
    out = [ndi.map_coordinates(c, [sy, sx], order=1, mode="grid-constant", cval=cval) for c in chans]
    return out[0] if img.ndim == 2 else np.stack(out, axis=-1)


def _homography():
    small = st.floats(-0.05, 0.05)
    return st.tuples(
        st.floats(-np.pi, np.pi),
        st.floats(0.6, 1.6),
        small,
        small,
        st.floats(-6, 6),
        st.floats(-6, 6),
        st.sampled_from([1.0, -1.0, 2.5, -0.3]),
    ).map(
        lambda p: (
            p[6]
            * np.array(
                [
                    [p[1] * np.cos(p[0]), -p[1] * np.sin(p[0]), p[4]],
                    [p[1] * np.sin(p[0]), p[1] * np.cos(p[0]), p[5]],
                    [p[2], p[3], 1.0],
                ]
            )
        )
    )


@pytest.mark.region("solve")
def test_tilt_example_with_horizon(lab):
    """README example: w = 1 - 0.5y after inversion; row 2 is at infinity and row 3 behind the camera: border."""
    got = np.asarray(lab.warp_perspective(IMG, TILT, 4, 4, -1.0))
    want = np.array([[0, 1, 2, 3], [8, 10, -1, -1], [-1, -1, -1, -1], [-1, -1, -1, -1.0]])
    assert got.shape == (4, 4), f"shape {got.shape}, expected (4, 4)"
    assert np.allclose(got, want), f"warp_perspective(IMG, TILT, border -1) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
def test_scale_and_sign_of_H_do_not_matter(lab):
    """H, 3H and -2H are the same homography: identical outputs (the sign is fixed by orienting H)."""
    img = np.random.default_rng(0).normal(size=(9, 11))
    H = np.array([[0.9, 0.1, 1.0], [-0.1, 1.1, 0.5], [0.01, -0.02, 1.0]])
    base = np.asarray(lab.warp_perspective(img, H, 10, 12, 3.0))
    for k in (3.0, -2.0):
        got = np.asarray(lab.warp_perspective(img, k * H, 10, 12, 3.0))
        assert np.allclose(got, base), f"{k} * H gives a different image than H: {where_differs(got, base)}"


@pytest.mark.region("solve")
@given(
    img=st.tuples(st.integers(1, 12), st.integers(1, 12), st.sampled_from([None, 2])).flatmap(
        lambda s: hnp.arrays(np.float64, s[:2] if s[2] is None else s, elements=st.integers(0, 99).map(float))
    ),
    H=_homography(),
    out=st.tuples(st.integers(1, 14), st.integers(1, 14)),
    cval=st.sampled_from([0.0, -4.0]),
)
def test_matches_map_coordinates(lab, img, H, out, cval):
    """Random homographies (rotation, scale, perspective, shift, any sign): equals bilinear sampling of the inverse map."""
    got = np.asarray(lab.warp_perspective(img, H, out[0], out[1], cval))
    ref = _reference(img, H, out[0], out[1], cval)
    assert got.shape == ref.shape, f"shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-6), f"H=\n{H}\nimage {img.shape}: {where_differs(got, ref)}"


@pytest.mark.region("solve")
def test_behind_the_camera_reads_border(lab):
    """Destination pixels whose inverse map has w < 0 are border, although dividing by w would land inside the image."""
    img = np.random.default_rng(1).uniform(1, 2, size=(20, 20))
    G = np.array([[-1.0, 0, 12], [0, -1.0, 12], [0, -0.25, 1]])  # destination -> source, horizon at y = 4
    H = np.linalg.inv(G)
    got = np.asarray(lab.warp_perspective(img, H, 16, 16, 0.0))
    ref = _reference(img, H, 16, 16, 0.0)
    assert np.allclose(got, ref, atol=1e-6), f"{where_differs(got, ref)}"
    behind = got[5:]
    assert np.all(behind == 0), (
        f"rows 5..15 are beyond the horizon (w < 0) and must be border 0, got values up to {behind.max():.3f} "
        "(dividing by a negative w mirrors the image there)"
    )


@pytest.mark.region("solve")
def test_real_photo_matches_opencv(lab):
    """A perspective view of 'camera' (256x256) from 4 point pairs agrees with cv2.warpPerspective (1/32-px quantisation)."""
    img = data.skimage_image("camera")[::2, ::2].astype(np.float32)
    src = np.float32([[0, 0], [255, 0], [255, 255], [0, 255]])
    dst = np.float32([[30, 20], [230, 5], [250, 240], [10, 200]])
    H = cv2.getPerspectiveTransform(src, dst)
    ref = cv2.warpPerspective(img, H, (260, 250), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    got = np.asarray(lab.warp_perspective(img, H, 250, 260))
    err = np.abs(got - ref)
    assert got.shape == ref.shape, f"shape {got.shape}, expected {ref.shape}"
    assert err.mean() < 0.5 and np.percentile(err, 99) < 5, (
        f"mean |diff| to cv2.warpPerspective {err.mean():.3f}, 99th percentile {np.percentile(err, 99):.2f}; expected < 0.5 and < 5"
    )


@pytest.mark.region("solve")
def test_bad_input_raises(lab):
    """A singular H, a 2x3 H, a zero output size or a 1-D image raise ValueError."""
    singular = np.array([[1.0, 2, 0], [2, 4, 0], [0, 0, 1]])
    for args in [
        (IMG, singular, 4, 4),
        (IMG, np.eye(2, 3), 4, 4),
        (IMG, np.eye(3), 0, 4),
        (np.zeros(4), np.eye(3), 2, 2),
    ]:
        with pytest.raises(ValueError):
            lab.warp_perspective(*args)
