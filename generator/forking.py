"""Work on a second core by forking: the child inherits the dataset and templates instead of receiving them.

Used by the generator for large datasets only (rendering the languages side by side, rendering PDFs); small
builds, live preview and any process running threads (a fork copies their held locks) stay in one process.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
import traceback
from typing import Callable, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def start(task: Callable[[], T]) -> Callable[[], T]:
    """Run task() in a forked child now; returns a function that waits for it and gives back its result.

    The result comes back pickled through a pipe. An exception in the child is raised again in the parent
    (as RuntimeError with the child's traceback when it cannot be pickled)."""
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the child shares the parent's objects without copying them when its collector runs
    try:
        pid = os.fork()
    finally:
        gc.unfreeze()
    if pid == 0:  # the child: never returns to the caller
        code = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                try:
                    payload = ("ok", task())
                except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
                    try:
                        pickle.dumps(exc)
                        payload = ("error", exc)
                    except Exception:  # noqa: BLE001
                        payload = ("error", RuntimeError("".join(traceback.format_exception(exc))))
                pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
        finally:
            sys.stdout.flush()  # os._exit skips the flush at exit
            sys.stderr.flush()
            os._exit(code)
    os.close(writer)

    def wait() -> T:
        with os.fdopen(reader, "rb") as incoming:
            try:
                kind, value = pickle.load(incoming)
            except (EOFError, pickle.UnpicklingError):
                kind, value = "error", RuntimeError("a forked worker died without an answer")
        os.waitpid(pid, 0)
        if kind == "error":
            raise value
        return value

    return wait
