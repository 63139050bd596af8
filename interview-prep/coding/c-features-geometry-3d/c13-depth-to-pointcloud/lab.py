"""c13 - Depth map to point cloud (and back).

Region `backproject`: every valid depth pixel (u, v, Z) becomes the 3-D point
Z·K⁻¹·[u, v, 1]ᵀ, with its colour if an image is given. Region `render`: the inverse - project
a point cloud into a depth image, keeping the nearest point per pixel (a z-buffer).
"""

from __future__ import annotations

import numpy as np


def backproject(
    depth: np.ndarray, K: np.ndarray, depth_scale: float = 1.0, colors: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Depth image (H, W) -> points float64 (M, 3) in the camera frame [+ colours (M, C)].

    Z = depth[v, u] / depth_scale (e.g. depth_scale = 1000 for uint16 millimetres),
    X = (u - cx)·Z / fx,  Y = (v - cy)·Z / fy      (u = column, v = row)
    Pixels with depth <= 0 or non-finite are dropped; points are in row-major pixel order.
    """
    # TODO(backproject): Return (points float64 (M, 3), colours (M, C) or None) for the valid pixels of depth (H, W), row-major order.
    # | u = column, v = row, Z = depth / depth_scale, X = (u - cx)·Z/fx, Y = (v - cy)·Z/fy with fx = K[0,0], fy = K[1,1],
    # | cx = K[0,2], cy = K[1,2]. Valid = finite and > 0 (0 is the usual "no measurement"). colors, if given, is (H, W, C)
    # | or (H, W); return the valid pixels' values with the input dtype ((M, C) or (M,)), else None. Raise ValueError if
    # | depth is not 2-D, K is not 3x3, depth_scale <= 0 or colors' first two dims differ from depth's. No loop over pixels.
    raise NotImplementedError("TODO(backproject): write this region")


def render_depth(points: np.ndarray, K: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Point cloud (N, 3) -> depth image float64 `shape`, nearest point per pixel, 0 where empty.

    u = rint(fx·X/Z + cx), v = rint(fy·Y/Z + cy); points with Z <= 0 or outside the image are ignored.
    """
    # TODO(render): Return a float64 depth image of the given (H, W) shape: per pixel the SMALLEST Z of the points landing there, 0 if none.
    # | Project with u = np.rint(fx·X/Z + cx), v = np.rint(fy·Y/Z + cy) (u = column, v = row). Ignore points with Z <= 0 or
    # | non-finite coordinates, and those with u, v outside the image. Raise ValueError if points is not (N, 3) or K not 3x3.
    # | No Python loop over points (np.minimum.at, or sort by depth and keep the first hit per pixel).
    raise NotImplementedError("TODO(render): write this region")


if __name__ == "__main__":
    K = np.array([[500.0, 0.0, 1.0], [0.0, 400.0, 0.5], [0.0, 0.0, 1.0]])
    depth = np.array([[1000, 0, 2000], [1500, 1000, 0]], dtype=np.uint16)  # millimetres, 0 = no data
    pts, cols = backproject(depth, K, depth_scale=1000.0, colors=np.arange(6, dtype=np.uint8).reshape(2, 3))
    print("points (m):\n", pts, "\ncolours:", cols)
    print("rendered back (m):\n", render_depth(pts, K, depth.shape))
