"""Grader for b19 - region moments.

Reference: cv2.moments (binaryImage=False, on float32 weights) and cv2.HuMoments, compared
to a tight relative tolerance on random weight images and on the 'horse' silhouette; exact
hand-computed moments of a bar; orientation of rectangles rasterised at known angles with
cv2.fillPoly; Hu invariance under np.rot90 / scaling and the sign flip of hu[6] under a
mirror; the edge cases (single pixel, empty region, negative weights).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab import data


def _cv_reference(img: np.ndarray):
    m = cv2.moments(img.astype(np.float32))
    theta = 0.5 * math.atan2(2 * m["mu11"], m["mu20"] - m["mu02"])
    return m, theta, cv2.HuMoments(m).ravel()


def _axis_diff(a: float, b: float) -> float:
    """Angle between two undirected axes, in degrees."""
    d = (a - b) % math.pi
    return math.degrees(min(d, math.pi - d))


@pytest.mark.region("solve")
def test_worked_example_bar(lab):
    """The README example: a 2 x 5 bar has area 10, centroid (3, 1.5), theta 0, hu[0] = 0.225, hu[1] = 0.030625."""
    mask = np.zeros((5, 7), np.uint8)
    mask[1:3, 1:6] = 1
    r = lab.region_moments(mask)
    assert r["area"] == pytest.approx(10.0), f"area = {r['area']}, expected 10"
    assert tuple(r["centroid"]) == pytest.approx((3.0, 1.5)), (
        f"centroid = {r['centroid']}, expected (cx, cy) = (3.0, 1.5)"
    )
    assert r["theta"] == pytest.approx(0.0, abs=1e-12), f"theta = {r['theta']}, expected 0 (long side along x)"
    want = np.array([0.225, 0.030625, 0, 0, 0, 0, 0])
    assert np.allclose(r["hu"], want, atol=1e-12), f"hu = {r['hu']}, expected {want}"


@pytest.mark.region("solve")
# (cv2.moments reads an N x 1 or N x 2 array as a list of points, hence sides >= 3)
@given(
    hnp.arrays(
        np.float64, st.tuples(st.integers(3, 12), st.integers(3, 12)), elements=st.integers(0, 9).map(float)
    ).filter(lambda a: a.sum() > 0)
)
def test_matches_opencv_on_random_weights(lab, img):
    """Random non-negative weight images: area, centroid, theta and Hu moments match cv2.moments / cv2.HuMoments."""
    m, theta, hu = _cv_reference(img)
    r = lab.region_moments(img)
    assert r["area"] == pytest.approx(m["m00"], rel=1e-9), f"area {r['area']} vs cv2 m00 {m['m00']}"
    want_c = (m["m10"] / m["m00"], m["m01"] / m["m00"])
    assert np.allclose(r["centroid"], want_c, rtol=1e-9, atol=1e-9), f"centroid {r['centroid']}, cv2 gives {want_c}"
    iso = abs(m["mu11"]) < 1e-9 * m["m00"] ** 2 and abs(m["mu20"] - m["mu02"]) < 1e-9 * m["m00"] ** 2
    if not iso:  # orientation is undefined for an isotropic region
        assert _axis_diff(r["theta"], theta) < 1e-4, f"img=\n{img}\ntheta {r['theta']:.6f}, expected {theta:.6f}"
    hu_got = np.asarray(r["hu"], dtype=float)
    assert hu_got.shape == (7,), f"hu has shape {hu_got.shape}, expected (7,)"
    assert np.allclose(hu_got, hu, rtol=1e-5, atol=1e-10), f"img=\n{img}\nhu {hu_got}\ncv2 {hu}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("angle_deg", [0, 20, 45, 70, -30, -60, 85])
def test_orientation_of_rotated_rectangle(lab, angle_deg):
    """A 60 x 12 rectangle rasterised at a known angle: theta is that angle (x toward y, radians) within 1 degree."""
    img = np.zeros((101, 101), np.uint8)
    box = cv2.boxPoints(((50.0, 50.0), (60.0, 12.0), float(angle_deg)))
    cv2.fillPoly(img, [np.round(box).astype(np.int32)], 1)
    theta = lab.region_moments(img)["theta"]
    assert -math.pi / 2 < theta <= math.pi / 2 + 1e-12, f"theta = {theta} is outside (-pi/2, pi/2]"
    err = _axis_diff(theta, math.radians(angle_deg))
    assert err < 1.0, f"rectangle at {angle_deg} deg: theta = {math.degrees(theta):.2f} deg (off by {err:.2f} deg)"


@pytest.mark.region("solve")
def test_horse_and_invariances(lab):
    """The 'horse' silhouette: matches cv2; Hu moments survive rot90 and 2x upscaling; a mirror flips hu[6]."""
    mask = data.skimage_image("horse").astype(np.uint8)
    mask = 1 - mask if mask[0, 0] else mask  # the horse is the foreground
    _, _, hu = _cv_reference(mask)
    r = lab.region_moments(mask)
    assert np.allclose(r["hu"], hu, rtol=1e-6, atol=1e-14), f"horse: hu {r['hu']}\ncv2 {hu}"
    rot = np.asarray(lab.region_moments(np.rot90(mask))["hu"])
    assert np.allclose(rot, hu, rtol=1e-6, atol=1e-14), f"rot90(horse): hu {rot}, expected the same as unrotated {hu}"
    big = np.asarray(lab.region_moments(np.kron(mask, np.ones((2, 2), np.uint8)))["hu"])
    assert np.allclose(big[:2], hu[:2], rtol=2e-2), f"2x upscaled horse: hu[:2] {big[:2]}, expected about {hu[:2]}"
    mir = np.asarray(lab.region_moments(mask[:, ::-1])["hu"])
    assert np.allclose(mir[:6], hu[:6], rtol=1e-6, atol=1e-14) and np.isclose(mir[6], -hu[6], rtol=1e-6, atol=1e-14), (
        f"mirrored horse: hu {mir}; expected hu[:6] unchanged and hu[6] negated ({-hu[6]:.3e})"
    )


@pytest.mark.region("solve")
def test_single_pixel_and_bad_input(lab):
    """One pixel: area = weight, centroid = its (x, y), theta 0, hu 0; empty region, negative weight, 3-D raise ValueError."""
    img = np.zeros((4, 6))
    img[3, 1] = 2.5
    r = lab.region_moments(img)
    assert r["area"] == pytest.approx(2.5) and tuple(r["centroid"]) == pytest.approx((1.0, 3.0)), (
        f"single pixel of weight 2.5 at row 3, column 1: area {r['area']}, centroid {r['centroid']}, expected 2.5, (1, 3)"
    )
    assert r["theta"] == 0.0 and np.allclose(r["hu"], 0), f"single pixel: theta {r['theta']}, hu {r['hu']}; expected 0s"
    for bad in (np.zeros((3, 3)), -np.ones((3, 3)), np.ones((2, 2, 2))):
        with pytest.raises(ValueError):
            lab.region_moments(bad)
