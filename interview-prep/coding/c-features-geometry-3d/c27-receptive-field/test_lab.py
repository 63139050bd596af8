"""Grader for c27 - receptive-field calculator.

References: brute-force impulse propagation in NumPy written in the test (walk the exact set
of input positions that output units 0 and 1 depend on, back through every layer, with
padding positions kept as negative / out-of-range coordinates), and the published numbers
for VGG-16 (conv5_3: 196 px, pool5: 212 px) and the ResNet stem (11 px, jump 4).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st


def _support(layers, unit):
    """Input coordinates that output `unit` of the last layer depends on (padding included)."""
    pos = np.array([unit])
    for layer in reversed(layers):
        k, s, p = layer[:3]
        d = layer[3] if len(layer) == 4 else 1
        pos = np.unique((pos[:, None] * s - p + np.arange(k)[None, :] * d).ravel())
    return pos


def _brute(layers):
    out = []
    for i in range(1, len(layers) + 1):
        a, b = _support(layers[:i], 0), _support(layers[:i], 1)
        c0, c1 = (a.min() + a.max()) / 2, (b.min() + b.max()) / 2
        out.append((int(a.max() - a.min() + 1), int(round(c1 - c0)), float(c0)))
    return out


_layer = st.one_of(
    st.tuples(st.integers(1, 7), st.integers(1, 3), st.integers(0, 3)),
    st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(0, 3), st.integers(1, 3)),
)


def _as_list(got):
    return [(int(r), int(j), float(s)) for r, j, s in got]


@pytest.mark.region("solve")
def test_resnet_stem(lab):
    """README example: conv 7x7/2 pad 3 then max-pool 3x3/2 pad 1 -> (7, 2, 0.0), (11, 4, 0.0)."""
    got = _as_list(lab.receptive_field([(7, 2, 3), (3, 2, 1)]))
    assert got == [(7, 2, 0.0), (11, 4, 0.0)], f"got {got}, expected [(7, 2, 0.0), (11, 4, 0.0)]"


@pytest.mark.region("solve")
def test_vgg16(lab):
    """VGG-16's 13 convs and 5 pools: conv5_3 sees 196 px with jump 16, pool5 212 px with jump 32."""
    vgg16 = ([(3, 1, 1)] * 2 + [(2, 2, 0)]) * 2 + ([(3, 1, 1)] * 3 + [(2, 2, 0)]) * 3
    got = _as_list(lab.receptive_field(vgg16))
    assert len(got) == 18, f"18 layers gave {len(got)} entries; return one tuple per layer"
    assert got[-2][:2] == (196, 16) and got[-1][:2] == (212, 32), f"conv5_3 {got[-2]}, pool5 {got[-1]}; expected 196/16 and 212/32"
    assert got[-1] == _brute(vgg16)[-1], f"pool5 start {got[-1][2]}, expected {_brute(vgg16)[-1][2]}"


@pytest.mark.region("solve")
def test_dilated_stack(lab):
    """Three 3x3 convs with dilation 1, 2, 4 (padding = dilation): RF grows 3 -> 7 -> 15 at stride 1."""
    got = _as_list(lab.receptive_field([(3, 1, 1, 1), (3, 1, 2, 2), (3, 1, 4, 4)]))
    assert got == [(3, 1, 0.0), (7, 1, 0.0), (15, 1, 0.0)], f"got {got}; a dilated kernel spans d (k - 1) + 1 pixels"


@pytest.mark.region("solve")
@given(st.lists(_layer, min_size=1, max_size=6))
def test_matches_brute_force_propagation(lab, layers):
    """Random stacks (kernel, stride, padding, dilation): every layer's (rf, jump, start) equals impulse propagation."""
    got = _as_list(lab.receptive_field(layers))
    ref = _brute(layers)
    assert len(got) == len(ref), f"{len(layers)} layers gave {len(got)} entries"
    for i, (g, r) in enumerate(zip(got, ref)):
        assert g[0] == r[0] and g[1] == r[1] and abs(g[2] - r[2]) < 1e-9, (
            f"layers {layers}: after layer {i} {layers[i]} got (rf, jump, start) = {g}, expected {r}"
        )


@pytest.mark.region("solve")
def test_empty_and_bad_layers(lab):
    """No layers give []; kernel 0, stride 0, negative padding, dilation 0 or a 2-tuple raise ValueError."""
    assert list(lab.receptive_field([])) == [], "no layers: expected []"
    for bad in [(0, 1, 0), (3, 0, 1), (3, 1, -1), (3, 1, 1, 0), (3, 1)]:
        with pytest.raises(ValueError):
            lab.receptive_field([(3, 1, 1), bad])
