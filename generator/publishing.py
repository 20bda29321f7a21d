"""Publishing a built site: a staging folder beside site/, and a swap that cannot lose the site.

Every run stages its work in `<parent of site/>/.build-<pid>-<random>/`. The swap moves the current site
into that folder (as `previous`), then the new site into place, and removes the folder with the previous site
in it. So:
- a run killed at any point leaves at most its staging folder; the next run removes it (its process is gone);
- a run killed between the two renames leaves no site/ but `previous` in its staging folder: the next run
  puts it back before anything else;
- SIGTERM and SIGHUP end a run as Ctrl-C does, by an exception, so its staging folder is removed at once;
- a previous site that cannot be removed (a read-only folder) is a warning: the new site is published.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING_PREFIX = ".build-"
PREVIOUS = "previous"  # the site being replaced, inside the staging folder, until the swap is over
LEGACY_OLD_SUFFIX = ".old"  # where builds before this module kept the replaced site (site.old/)

Warn = Callable[[str], None]


class Terminated(SystemExit):
    """The run was asked to stop (SIGTERM, SIGHUP). A SystemExit: no traceback, and every `finally` runs."""

    def __init__(self, signum: int):
        super().__init__(128 + signum)  # the shell's convention: 143 for SIGTERM
        self.signum = signum


@contextmanager
def stopping_cleanly() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into Terminated while the block runs (main thread only: Python delivers signals
    there), so the staging folder is removed as it is on an error."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Terminated(signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _owner_alive(folder: Path) -> bool:
    """Whether the run that made this staging folder still runs (its pid is in the name)."""
    try:
        pid = int(folder.name.removeprefix(STAGING_PREFIX).split("-", 1)[0])
    except ValueError:
        return False  # not ours in this form: made by an older build, whose process is long gone
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def remove_tree(folder: Path, warn: Warn) -> bool:
    """Remove a folder; a failure (permissions, a busy file) is a warning naming the folder, never an error."""
    failures: list[str] = []

    def note(path: str, error: BaseException) -> None:
        failures.append(f"{path}: {error.strerror if isinstance(error, OSError) and error.strerror else error}")

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=lambda function, path, error: note(path, error))
    else:  # onerror is deprecated from 3.12 on
        shutil.rmtree(folder, onerror=lambda function, path, info: note(path, info[1]))
    if failures:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        warn(f"warning: could not remove {folder}: {failures[0]}{more}; remove it by hand")
        return False
    return True


def recover(site_dir: Path, warn: Warn) -> None:
    """Undo what killed runs left beside site_dir: put back a site lost between the two renames of a swap,
    and remove their staging folders. Folders of runs still going are left alone."""
    parent = site_dir.parent
    if not parent.is_dir():
        return
    stale = sorted(
        folder
        for folder in parent.glob(STAGING_PREFIX + "*")
        if folder.is_dir() and not folder.is_symlink() and not _owner_alive(folder)
    )
    for folder in stale:
        previous = folder / PREVIOUS
        if not site_dir.exists() and previous.is_dir():
            previous.rename(site_dir)
            warn(f"restored {site_dir} from a run that was stopped while publishing")
    legacy = site_dir.with_name(site_dir.name + LEGACY_OLD_SUFFIX)
    if legacy.is_dir() and not legacy.is_symlink():
        if not site_dir.exists():
            legacy.rename(site_dir)
            warn(f"restored {site_dir} from {legacy.name}")
        else:
            stale.append(legacy)
    for folder in stale:
        remove_tree(folder, warn)


def new_staging(site_dir: Path) -> Path:
    """A staging folder beside site_dir (same file system, so the swap is two renames), named by this process."""
    return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=site_dir.parent))


def swap(new: Path, site_dir: Path, staging: Path) -> None:
    """Put new in site_dir's place. The site being replaced goes into the staging folder, which the caller
    removes (remove_tree): if that fails, the new site is published all the same."""
    if site_dir.exists() or site_dir.is_symlink():
        site_dir.rename(staging / PREVIOUS)
    new.rename(site_dir)
