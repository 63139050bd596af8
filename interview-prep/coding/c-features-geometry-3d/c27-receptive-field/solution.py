"""c27 - Receptive-field calculator for a stack of conv / pool layers.

Each layer (kernel k, stride s, padding p, dilation d) maps unit j of its output to the input
positions j·s - p + m·d, m = 0..k-1. Composing these maps gives, for every layer, the
receptive-field size, the jump (distance in input pixels between adjacent units) and the
centre of the first unit's receptive field, by a three-line recurrence.
"""

from __future__ import annotations

from collections.abc import Sequence


def receptive_field(layers: Sequence[Sequence[int]]) -> list[tuple[int, int, float]]:
    """(rf, jump, start) after every layer, for layers given as (k, s, p) or (k, s, p, d).

        k_eff = d (k - 1) + 1                     (a dilated kernel spans k_eff input positions)
        rf    ← rf + (k_eff - 1) · jump           (jump of the layer's INPUT)
        start ← start + ((k_eff - 1) / 2 - p) · jump
        jump  ← jump · s
    starting from the input image: rf = 1, jump = 1, start = 0.0 (the centre of pixel 0, in pixel
    index coordinates; padding can make start negative). One dimension; apply per axis.
    """
    # BEGIN REGION solve: Return a list with one (rf: int, jump: int, start: float) tuple per layer, in order, where
    # | layers are (kernel, stride, padding) or (kernel, stride, padding, dilation) (dilation defaults to 1). rf is the
    # | number of input pixels (including padded positions) one output unit sees, jump the input distance between
    # | adjacent units, start the input coordinate of the centre of unit 0's field (input pixel i has coordinate i).
    # | An empty list of layers gives []. Raise ValueError for kernel, stride or dilation < 1, padding < 0, or a
    # | layer that does not have 3 or 4 entries.
    rf, jump, start = 1, 1, 0.0
    out: list[tuple[int, int, float]] = []
    for layer in layers:  # a loop over layers, not data
        if len(layer) not in (3, 4):
            raise ValueError(f"a layer is (k, s, p) or (k, s, p, d), got {tuple(layer)}")
        k, s, p = (int(v) for v in layer[:3])
        d = int(layer[3]) if len(layer) == 4 else 1
        if k < 1 or s < 1 or d < 1 or p < 0:
            raise ValueError(f"need kernel, stride, dilation >= 1 and padding >= 0, got {tuple(layer)}")
        k_eff = d * (k - 1) + 1
        rf = rf + (k_eff - 1) * jump  # uses the input jump: do this before updating jump
        start = start + ((k_eff - 1) / 2 - p) * jump
        jump = jump * s
        out.append((rf, jump, float(start)))
    return out
    # END REGION solve


if __name__ == "__main__":
    resnet_stem = [(7, 2, 3), (3, 2, 1)]  # conv1 7x7/2 pad 3, maxpool 3x3/2 pad 1
    print("ResNet stem:", receptive_field(resnet_stem))
    vgg16 = ([(3, 1, 1)] * 2 + [(2, 2, 0)]) * 2 + ([(3, 1, 1)] * 3 + [(2, 2, 0)]) * 3
    print("VGG16 conv5_3, pool5:", receptive_field(vgg16)[-2:])
    print("3 dilated 3x3 (d = 1, 2, 4):", receptive_field([(3, 1, 1, 1), (3, 1, 2, 2), (3, 1, 4, 4)]))
