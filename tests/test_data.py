"""The data layer: checksums, sources tried in order, corrupt copies re-fetched, clear errors."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from cvlab.data import registry
from cvlab.data.loaders import read_idx
from cvlab.data.sources import LocalDir, Source, SourceUnavailable, file_hash, verify_file


@dataclass
class CopyFrom(Source):
    """A test source that 'fetches' by copying from a folder (stands in for apt/npm/download)."""

    origin: str = ""
    calls: int = 0

    def fetch(self, dest: Path, progress) -> Path:
        self.calls += 1
        if not Path(self.origin).exists():
            raise SourceUnavailable("origin gone")
        for rel in self.files:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(Path(self.origin) / rel, dest / rel)
        return dest

    def install_hint(self) -> str:
        return "the test origin folder"


@pytest.fixture
def toy(tmp_path, monkeypatch, curriculum):
    origin = tmp_path / "origin"
    origin.mkdir()
    (origin / "a.bin").write_bytes(b"hello" * 100)
    (origin / "sub").mkdir()
    (origin / "sub" / "b.txt").write_text("world")
    sums = {"a.bin": file_hash(origin / "a.bin"), "sub/b.txt": file_hash(origin / "sub" / "b.txt")}
    copy = CopyFrom(sums, origin=str(origin))
    ds = registry.Dataset("toy", "a toy dataset", "dataset", "CC0",
                          [LocalDir(sums, path=str(tmp_path / "not-installed"), hint="apt-get install toy"), copy])
    monkeypatch.setitem(registry.DATASETS, "toy", ds)
    return ds, copy, origin


def test_fetch_tries_sources_in_order_and_verifies(toy):
    ds, copy, _ = toy
    assert registry.status("toy") == ("missing", None)
    where = registry.fetch("toy")
    assert where == ds.local_dir and (where / "sub" / "b.txt").read_text() == "world"
    assert registry.path("toy") == where
    registry.fetch("toy")
    assert copy.calls == 1, "a present, valid dataset is not fetched again"


def test_truncated_file_is_detected_and_fetched_again(toy):
    ds, copy, _ = toy
    where = registry.fetch("toy")
    (where / "a.bin").write_bytes(b"hel")  # truncated
    assert registry.status("toy") == ("missing", None)
    with pytest.raises(registry.DataMissing):
        registry.path("toy")
    registry.fetch("toy")
    assert (where / "a.bin").read_bytes() == b"hello" * 100 and copy.calls == 2


def test_a_source_that_delivers_corrupt_files_is_rejected(toy):
    ds, copy, origin = toy
    (origin / "a.bin").write_bytes(b"tampered")
    with pytest.raises(registry.DataMissing, match="checksum mismatch"):
        registry.fetch("toy")
    assert not ds.local_dir.exists(), "nothing half-fetched is left visible"


def test_missing_everywhere_names_what_to_install(toy):
    ds, copy, origin = toy
    shutil.rmtree(origin)
    with pytest.raises(registry.DataMissing) as e:
        registry.fetch("toy")
    assert "apt-get install toy" in str(e.value) and "cvlab data fetch toy" in str(e.value)


def test_verify_file_supports_md5_and_caches(tmp_path, curriculum):
    f = tmp_path / "x"
    f.write_bytes(b"abc")
    assert verify_file(f, "md5:900150983cd24fb0d6963f7d28e17f72")
    assert verify_file(f, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert not verify_file(f, "0" * 64)
    f.write_bytes(b"abd")  # size unchanged, content changed: mtime differs, so hashed again
    assert not verify_file(f, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_read_idx_round_trip(tmp_path):
    arr = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    header = b"\x00\x00\x08\x03" + np.array(arr.shape, dtype=">u4").tobytes()
    path = tmp_path / "t-images-idx3-ubyte.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(header + arr.tobytes())
    assert np.array_equal(read_idx(path), arr)


def test_registry_lists_every_dataset_the_curriculum_needs():
    needed = {"fashion-mnist", "mnist-10k", "mnist", "sklearn-digits", "skimage-images", "skimage-lfw",
              "opencv-samples", "efficientnet-lite0"}
    assert needed <= set(registry.DATASETS)
    for ds in registry.DATASETS.values():
        assert ds.sources and all(s.files for s in ds.sources), ds.name


def test_real_datasets_load_with_the_documented_shapes():
    from cvlab import data

    X, y = data.fashion_mnist("test")
    assert X.shape == (10000, 28, 28) and X.dtype == np.uint8 and set(np.unique(y)) == set(range(10))
    X, y = data.mnist_10k()
    assert X.shape == (10000, 28, 28) and np.bincount(y).min() > 800
    faces, labels = data.lfw_faces()
    assert faces.shape == (200, 25, 25) and labels.sum() == 100
    assert data.skimage_image("astronaut").shape == (512, 512, 3)
    assert data.digits()[0].shape == (1797, 8, 8)
    import cv2

    board = cv2.imread(str(data.opencv_sample("left01.jpg")), cv2.IMREAD_GRAYSCALE)
    assert board is not None and board.shape == (480, 640)
    assert data.efficientnet_lite0_weights().stat().st_size > 10_000_000
