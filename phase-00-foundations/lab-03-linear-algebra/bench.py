"""`cvlab bench 0.3`: how far the loops are from BLAS, and what the library versions buy.

Each case times the lab's function against a reference doing the same work and prints the
ratio (lab time / reference time). What to expect on a laptop CPU: the triple loop is
1000-5000x slower than np.matmul already at 24x24; the broadcast version closes most of that
gap on small inputs but falls behind again as its (N, K, M) temporary grows (128x128 needs
2M numbers for a 16k-number result); the normal equations beat scipy.linalg.lstsq (which
uses a divide-and-conquer SVD) by several times, which is exactly why people reach for them
when they should not; QR costs about the same as scipy; the lab's PCA is a single LAPACK
call and is faster than sklearn's (input validation, sign flipping); a full SVD for a
rank-50 approximation is several times slower than a randomized truncated SVD.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg
from sklearn.decomposition import PCA, TruncatedSVD

from cvlab import data
from cvlab.bench import Case


def cases(impl):
    rng = np.random.default_rng(0)
    a24, b24 = rng.standard_normal((24, 24)), rng.standard_normal((24, 24))
    a128, b128 = rng.standard_normal((128, 128)), rng.standard_normal((128, 128))
    A = rng.standard_normal((2000, 20))
    b = rng.standard_normal(2000)

    images, labels = data.lfw_faces()
    faces = images[labels == 1].reshape(-1, images.shape[1] * images.shape[2])  # (100, 625)
    camera = data.skimage_image("camera").astype(np.float64)  # (512, 512)

    def truncated_svd_rank50():
        t = TruncatedSVD(n_components=50, algorithm="randomized", random_state=0)
        return t.inverse_transform(t.fit_transform(camera))

    return [
        Case("matmul triple loop 24x24", lambda: impl.matmul_loops(a24, b24), lambda: a24 @ b24, "np.matmul"),
        Case("matmul broadcast 24x24", lambda: impl.matmul_broadcast(a24, b24), lambda: a24 @ b24, "np.matmul"),
        Case("matmul broadcast 128x128", lambda: impl.matmul_broadcast(a128, b128), lambda: a128 @ b128, "np.matmul"),
        Case(
            "lstsq normal 2000x20",
            lambda: impl.lstsq(A, b, "normal"),
            lambda: scipy.linalg.lstsq(A, b),
            "scipy.linalg.lstsq",
        ),
        Case(
            "lstsq qr 2000x20", lambda: impl.lstsq(A, b, "qr"), lambda: scipy.linalg.lstsq(A, b), "scipy.linalg.lstsq"
        ),
        Case(
            "PCA 100 faces x 625 px, 50 comps",
            lambda: impl.pca_fit(faces, 50),
            lambda: PCA(n_components=50, svd_solver="full").fit(faces),
            "sklearn PCA(full)",
        ),
        Case(
            "rank-50 camera 512x512",
            lambda: impl.svd_compress(camera, 50),
            truncated_svd_rank50,
            "sklearn TruncatedSVD(randomized)",
        ),
    ]
