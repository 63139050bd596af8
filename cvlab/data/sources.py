"""Where a dataset's files can come from, tried in order by the registry.

Each source either *locates* the files where they already are (a system folder, an
installed wheel) or *fetches* them into the project's data folder (a Debian package
extracted without installing it, an npm tarball, a checksummed download). Every file is
checked against its sha256 (or md5 for upstream downloads that publish only that).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import paths

Progress = Callable[[str], None]

_VERIFIED_CACHE = "verified.json"


class SourceUnavailable(RuntimeError):
    """This source cannot provide the files here (tool missing, offline, package absent)."""


def file_hash(path: Path, algo: str = "sha256") -> str:
    h = hashlib.new(algo)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _cache_path() -> Path:
    return paths.data_dir() / _VERIFIED_CACHE


def _load_cache() -> dict[str, str]:
    try:
        return json.loads(_cache_path().read_text())
    except (OSError, ValueError):
        return {}


def verify_file(path: Path, expected: str) -> bool:
    """True when ``path`` exists and hashes to ``expected`` ('<hex>' sha256 or 'md5:<hex>').

    A file already verified with the same size and mtime is not hashed again (the hot
    path of a grader loading Fashion-MNIST must not hash 30 MB every time)."""
    if not path.is_file():
        return False
    st = path.stat()
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    cache = _load_cache()
    if cache.get(key) == expected:
        return True
    algo, _, digest = expected.rpartition(":")
    ok = file_hash(path, algo or "sha256") == digest
    if ok:
        cache[key] = expected
        try:
            tmp = _cache_path().with_suffix(".tmp")
            tmp.write_text(json.dumps(cache))
            tmp.replace(_cache_path())
        except OSError:
            pass
    return ok


def bad_files(folder: Path, files: dict[str, str]) -> list[str]:
    return [rel for rel, digest in files.items() if not verify_file(folder / rel, digest)]


@dataclass
class Source:
    """Base: ``files`` maps relative path -> checksum for what this source provides."""

    files: dict[str, str]
    label: str = ""

    def describe(self) -> str:
        return self.label

    def locate(self) -> Path | None:
        """A folder where every file is already present and valid, without fetching."""
        return None

    def fetch(self, dest: Path, progress: Progress) -> Path:
        """Bring the files into ``dest`` (or locate them); raise SourceUnavailable if not here."""
        found = self.locate()
        if found is None:
            raise SourceUnavailable(f"{self.describe()}: not present")
        return found

    def install_hint(self) -> str:
        return ""


@dataclass
class LocalDir(Source):
    """Files already on this machine (e.g. installed by apt)."""

    path: str = ""
    hint: str = ""

    def describe(self) -> str:
        return self.label or f"on this machine at {self.path}"

    def locate(self) -> Path | None:
        p = Path(self.path)
        return p if p.is_dir() and not bad_files(p, self.files) else None

    def install_hint(self) -> str:
        return self.hint


@dataclass
class Wheel(Source):
    """Files inside an installed Python package (``module`` is its import name)."""

    module: str = ""
    subdir: str = ""
    pip: str = ""

    def describe(self) -> str:
        return self.label or f"PyPI package {self.pip or self.module}"

    def locate(self) -> Path | None:
        spec = importlib.util.find_spec(self.module)
        if spec is None or not spec.submodule_search_locations:
            return None
        root = Path(list(spec.submodule_search_locations)[0]) / self.subdir
        return root if not bad_files(root, self.files) else None

    def install_hint(self) -> str:
        return f"pip install {self.pip or self.module}"


def _copy_verified(src_root: Path, files: dict[str, str], dest: Path, what: str) -> Path:
    bad = bad_files(src_root, files)
    if bad:
        raise SourceUnavailable(f"{what}: {len(bad)} file(s) missing or with a wrong checksum, e.g. {bad[0]}")
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src_root / rel, target)
    return dest


@dataclass
class Debian(Source):
    """A Debian package downloaded with ``apt-get download`` and unpacked with ``dpkg-deb -x``
    into a temporary folder: no root and no installation needed; only the listed files are kept."""

    package: str = ""
    subdir: str = ""

    def describe(self) -> str:
        return self.label or f"Debian package {self.package} (extracted, not installed)"

    def locate(self) -> Path | None:
        return None

    def fetch(self, dest: Path, progress: Progress) -> Path:
        if not (shutil.which("apt-get") and shutil.which("dpkg-deb")):
            raise SourceUnavailable(f"{self.describe()}: apt-get/dpkg-deb not available on this machine")
        with tempfile.TemporaryDirectory() as tmp:
            progress(f"apt-get download {self.package}")
            r = subprocess.run(["apt-get", "download", self.package], cwd=tmp, capture_output=True, text=True)
            debs = list(Path(tmp).glob("*.deb"))
            if r.returncode != 0 or not debs:
                raise SourceUnavailable(f"{self.describe()}: apt-get download failed: {r.stderr.strip()[-300:]}"
                                        " (as root, `apt-get update` first)")
            progress(f"dpkg-deb -x {debs[0].name}")
            subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(Path(tmp) / "x")], check=True)
            return _copy_verified(Path(tmp) / "x" / self.subdir, self.files, dest, self.describe())

    def install_hint(self) -> str:
        return f"apt-get install {self.package}   (or: apt-get download {self.package} && dpkg-deb -x)"


@dataclass
class Npm(Source):
    """An npm package tarball from ``npm pack name@version`` (no node_modules, no install)."""

    package: str = ""
    integrity: str = ""

    def describe(self) -> str:
        return self.label or f"npm package {self.package}"

    def fetch(self, dest: Path, progress: Progress) -> Path:
        if not shutil.which("npm"):
            raise SourceUnavailable(f"{self.describe()}: npm is not installed")
        with tempfile.TemporaryDirectory() as tmp:
            progress(f"npm pack {self.package}")
            r = subprocess.run(["npm", "pack", self.package, "--silent"], cwd=tmp, capture_output=True, text=True)
            tgz = list(Path(tmp).glob("*.tgz"))
            if r.returncode != 0 or not tgz:
                raise SourceUnavailable(f"{self.describe()}: npm pack failed: {r.stderr.strip()[-300:]}")
            with tarfile.open(tgz[0]) as tar:
                tar.extractall(Path(tmp) / "x", filter="data")
            return _copy_verified(Path(tmp) / "x" / "package", self.files, dest, self.describe())

    def install_hint(self) -> str:
        return f"npm (Node.js) so that `npm pack {self.package}` works"


@dataclass
class Url(Source):
    """Checksummed downloads for users who are online (pooch: retries, atomic writes)."""

    base_urls: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return self.label or f"download from {self.base_urls[0] if self.base_urls else '?'}"

    def fetch(self, dest: Path, progress: Progress) -> Path:
        import pooch

        errors = []
        for rel, digest in self.files.items():
            if verify_file(dest / rel, digest):
                continue
            for base in self.base_urls:
                progress(f"download {base}{rel}")
                try:
                    pooch.retrieve(base + rel, known_hash=digest, fname=rel, path=dest, progressbar=False)
                    break
                except Exception as e:
                    errors.append(f"{base}{rel}: {type(e).__name__}")
            else:
                raise SourceUnavailable(f"{self.describe()}: could not download {rel} ({'; '.join(errors[-2:])})")
        return dest

    def install_hint(self) -> str:
        return "a network connection (the files are downloaded and checksummed)"
