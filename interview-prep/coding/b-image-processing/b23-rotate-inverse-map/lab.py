"""b23 - Rotation by inverse mapping.

Rotate an image about its centre by an angle in degrees (counter-clockwise on screen, as
cv2.getRotationMatrix2D), keeping the size: every destination pixel looks up where it came
from, samples the source bilinearly there, and reads a fill value outside the source.
"""

from __future__ import annotations

import numpy as np


def rotate(image: np.ndarray, angle_deg: float, fill: float = 0.0) -> np.ndarray:
    """Rotate (H, W[, C]) about c = ((W-1)/2, (H-1)/2) by angle_deg, counter-clockwise as displayed.

    With x = column, y = row (y points down), a counter-clockwise turn on screen is
        forward:  d - c = R (s - c),   R = [[cos θ,  sin θ],
                                            [-sin θ, cos θ]]
        inverse:  s = Rᵀ (d - c) + c  (R is orthonormal, so R⁻¹ = Rᵀ)
    Sample the source at s bilinearly; each of the 4 neighbours outside the image reads
    `fill`. Output float64, same shape as the input (corners are cut off).
    """
    # TODO(solve): Return float64, same shape as image ((H, W) or (H, W, C)): the image rotated by angle_deg degrees
    # | counter-clockwise on screen about c = ((W-1)/2, (H-1)/2) (x = column, y = row). Destination pixel d samples
    # | the source at s = R^T (d - c) + c with R = [[cos, sin], [-sin, cos]], bilinearly; every one of the 4
    # | neighbours outside the image reads fill. ValueError: image not 2-D/3-D or empty.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    img = np.arange(9, dtype=np.float64).reshape(3, 3)
    np.set_printoptions(precision=3, suppress=True)
    print("image =\n", img)
    print("rotate(image, 90) =\n", rotate(img, 90))
    print("rotate(image, 45, fill=-1) =\n", rotate(img, 45, fill=-1))
