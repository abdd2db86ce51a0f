"""All-or-nothing output: every file and folder of a build is staged beside its target, then all are
switched in together, with a journal that lets the next build undo a switch that was cut short.

    with Staging(out) as stage:          # cleans what an interrupted build left, locks OUT
        stage.text(out / "edukg.ttl", turtle)
        stage.folder(out / "store", lambda tmp: fill(tmp))
        stage.commit()                   # the old outputs or the new ones, never a mix

Staged files and folders are named `.edukg-tmp.*`; the old outputs wait in `.edukg-old.*/` with a
`journal.json` until the switch is done. A build killed while staging leaves `.edukg-tmp.*` (removed by
the next build); one killed while switching leaves the journal, and the next build moves the old
outputs back before it starts.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from graph.core.errors import OutputError

TMP = ".edukg-tmp."
OLD = ".edukg-old."
LEGACY = (".store.",)  # temporary folders of earlier versions
JOURNAL = "journal.json"
DONE = "done"


def normal_mode(folder: bool) -> int:
    """The permissions a new file or folder gets from the umask (0o644 / 0o755 under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if folder else 0o666) & ~mask


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_error(exc: OSError, fallback: Path) -> OutputError:
    """The one-line error of a failed write (the file, why, what to do)."""
    return _oserror(exc, fallback)


def _oserror(exc: OSError, fallback: Path) -> OutputError:
    where = exc.filename or fallback
    why = exc.strerror or str(exc)
    hint = (
        "free some space" if exc.errno == errno.ENOSPC else "check the path, its permissions and free space"
    )
    return OutputError(f"{where}: cannot write ({why}); {hint}")


def recover(out: Path) -> None:
    """Undo a switch cut short and remove the leftovers of an interrupted build in `out`."""
    if not out.is_dir():
        return
    for old in sorted(out.glob(OLD + "*")):
        if old.is_dir() and not (old / DONE).exists():
            _roll_back(out, old)
        _remove(old)
    for folder in (out, *(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))):
        for p in folder.iterdir():
            if p.name.startswith(TMP) or (folder == out and p.name.startswith(LEGACY)):
                _remove(p)


def _roll_back(out: Path, old: Path) -> None:
    """Put back what a journal says was moved aside, in reverse order."""
    try:
        moves = json.loads((old / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # the journal is written before any move: without it nothing was moved
    for target, saved, staged in reversed(moves):
        t = out / target
        if saved is not None and (old / saved).exists():
            _remove(t)
            os.replace(old / saved, t)
        elif saved is None and not (out / staged).exists() and t.exists():
            _remove(t)  # a new output that had no old version: moved in, so taken out again


class Staging:
    """Outputs staged under `out`, switched in by `commit`; anything not committed is removed."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staged: dict[Path, Path] = {}  # target -> staged file or folder
        self.dropped: set[Path] = set()  # targets taken away, with nothing in their place
        self._lock: int | None = None

    def __enter__(self) -> Staging:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.out)
            recover(self.out)
        except OSError as exc:
            self._unlock()
            raise _oserror(exc, self.out) from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for target, tmp in self.staged.items():
            if target not in self.dropped:
                _remove(tmp)
        self.staged.clear()
        self.dropped.clear()
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def _check(self, target: Path) -> None:
        if target in self.staged:
            raise OutputError(f"{target}: written twice in one build")

    def text(self, target: Path, text: str) -> None:
        """Stage a text file (UTF-8, LF line ends)."""
        self.stream(target, (text,))

    def stream(self, target: Path, pieces: Iterable[str]) -> Path:
        """Stage a text file written piece by piece as the pieces are made (a large graph is never held
        whole); returns where it is staged."""
        self._check(target)
        if target.is_dir() and not target.is_symlink():
            raise OutputError(f"{target}: is a folder; give a file name to write")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f"{TMP}{target.name}.", dir=target.parent)
            self.staged[target] = Path(tmp)
            _write(fd, tmp, pieces)
        except OSError as exc:
            raise _oserror(exc, target) from None
        return Path(tmp)

    def files(self, target: Path, texts: dict[str, str]) -> Path:
        """Stage a folder of text files (by path inside it) that replaces the whole folder: files of
        an earlier build that this one does not write go with it."""

        def fill(tmp: Path) -> None:
            for rel, text in sorted(texts.items()):
                path = tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                _write(fd, str(path), text)

        return self.folder(target, fill)

    def folder(self, target: Path, fill: Callable[[Path], object]) -> Path:
        """Stage a folder: `fill` writes it (an OSError in it is a write error); returns where it is."""
        self._check(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f"{TMP}{target.name}.", dir=target.parent))
            self.staged[target] = tmp
            os.chmod(tmp, normal_mode(True))
            fill(tmp)
        except OSError as exc:
            raise _oserror(exc, target) from None
        return tmp

    def drop(self, target: Path) -> None:
        """Take an output of an earlier build away when the others are switched in (put back with them
        if the switch fails)."""
        self._check(target)
        if target.exists() or target.is_symlink():
            self.dropped.add(target)
            self.staged[target] = target

    def commit(self, last: Path | None = None) -> list[Path]:
        """Switch every staged output in (`last` after the others); on a failure, put the old ones back."""
        order = sorted(self.staged, key=lambda t: (t == last, str(t)))
        try:
            old = Path(tempfile.mkdtemp(prefix=OLD, dir=self.out))
            moves = [
                (
                    str(_absolute(t).relative_to(_absolute(self.out))),
                    str(k) if t.exists() or t.is_symlink() else None,
                    None
                    if t in self.dropped
                    else str(_absolute(self.staged[t]).relative_to(_absolute(self.out))),
                )
                for k, t in enumerate(order)
            ]
            (old / JOURNAL).write_text(json.dumps(moves, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            raise _oserror(exc, self.out) from None
        try:
            for (_, saved, _), t in zip(moves, order, strict=True):
                if saved is not None:
                    replace(t, old / saved)
                if t not in self.dropped:
                    replace(self.staged[t], t)
            (old / DONE).touch()
        except BaseException as exc:  # a write error, or an interrupt: put the old outputs back
            try:
                _roll_back(self.out, old)
                _remove(old)
            except OSError:
                pass  # the journal stays: the next build puts the old outputs back
            if isinstance(exc, OSError):
                raise _oserror(exc, self.out) from None
            raise
        self.staged.clear()
        self.dropped.clear()
        _remove(old)
        return order


def _write(fd: int, name: str, text: str | Iterable[str]) -> None:
    """Write a text, or its pieces as they are made, to an open staged file (UTF-8, LF line ends)."""
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        for piece in (text,) if isinstance(text, str) else text:
            write_text(fh, piece, name)
    os.chmod(name, normal_mode(False))


def replace(src: Path, dst: Path) -> None:
    """os.replace, in one place (tests inject failures here)."""
    os.replace(src, dst)


def write_text(fh: IO[str], text: str, name: str) -> None:
    """Write the text of the staged file `name` (tests inject failures here)."""
    fh.write(text)


def _lock(out: Path) -> int:
    """An exclusive lock on the OUT folder itself for the time of a build (two builds into one folder
    would mix their outputs); no lock file is left behind."""
    fd = os.open(out, os.O_RDONLY)
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise OutputError(f"{out}: another build is writing there; wait for it to finish") from None
    return fd


def write_all(texts: dict[Path, str]) -> None:
    """Write every file or none: all go to temporary files first, then each is renamed into place."""
    temps: dict[Path, str] = {}
    try:
        for path, text in texts.items():
            if path.is_dir():
                raise OutputError(f"{path}: is a folder; give a file name to write")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=TMP, dir=path.parent)
            temps[path] = tmp
            _write(fd, tmp, text)
        for path, tmp in temps.items():
            replace(Path(tmp), path)
    except OSError as exc:
        raise _oserror(exc, next(iter(texts), Path("."))) from None
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)


def _absolute(path: Path) -> Path:
    """The path made absolute without resolving links (a relative --out and the absolute temporary names
    tempfile gives inside it must compare)."""
    return Path(os.path.abspath(path))
