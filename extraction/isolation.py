"""Reading untrusted documents in child processes with memory, CPU and wall-clock limits.

:class:`IsolatedExtractor` keeps a few worker processes (started with ``spawn``, in their own
process group, with ``RLIMIT_AS`` and ``RLIMIT_CPU`` set) and hands each one document at a time.
A worker that breaks a limit, hangs or crashes is killed with everything it started and replaced;
its document ends with a clear error and the batch goes on. Workers are reused for throughput
and recycled after ``max_documents_per_worker`` documents.

>>> with IsolatedExtractor(config, workers=2) as extractor:
...     for result in extractor.extract_many(["a.pdf", "b.png"]):
...         print(result.to_json())
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from extraction.types import ExtractionConfig, ExtractionResult

# Seconds a new worker may take to import the readers before it is given up on.
STARTUP_TIMEOUT = 60.0
_THREAD_VARIABLES = (
    "OMP_THREAD_LIMIT",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
)


@dataclass(frozen=True)
class _Job:
    index: int
    filename: str
    path: str | None
    data: bytes | None
    # Options for this document (a declared type, say); the limits stay the pool's.
    config: ExtractionConfig | None = None


def _result_to_wire(result: ExtractionResult) -> dict[str, Any]:
    # MappingProxyType does not pickle; plain dicts of frozen FieldValues do.
    return {
        "file": result.file,
        "doc_type": result.doc_type,
        "language": result.language,
        "pages": result.pages,
        "ocr_pages": result.ocr_pages,
        "fields": dict(result.fields),
        "clauses": dict(result.clauses),
        "kpis": dict(result.kpis),
        "errors": tuple(result.errors),
        "doc_type_confidence": result.doc_type_confidence,
    }


def _limit_resources(config: ExtractionConfig) -> None:
    import resource

    memory = config.memory_limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _allow_cpu_seconds(seconds: int) -> None:
    """Let the worker use ``seconds`` more CPU time from now on (SIGXCPU past it)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = math.ceil(usage.ru_utime + usage.ru_stime)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    wanted = used + seconds
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (wanted, hard))


def _cpu_seconds_used() -> float:
    """CPU time of this worker and of the programs it ran and waited for (tesseract)."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _worker_main(connection: Connection, config: ExtractionConfig) -> None:
    """A worker: own process group, limits set, readers imported, then one job at a time."""
    os.setsid()  # killing the group also kills anything the worker started (tesseract)
    _die_with_parent()
    for variable in _THREAD_VARIABLES:
        os.environ[variable] = "1"
    _limit_resources(config)
    # Import everything up front so that start-up is paid once, not by the first document.
    from extraction import pipeline  # noqa: F401
    from extraction.errors import ExtractionError
    from extraction.readers import default_registry

    default_registry()
    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        _allow_cpu_seconds(config.cpu_seconds)
        started = _cpu_seconds_used()
        try:
            result = _extract_job(job, job.config or config)
            # The rlimit stops this process; OCR runs in child processes, each under its own
            # copy of the limit, so the document's whole CPU time is checked here as well.
            if _cpu_seconds_used() - started > config.cpu_seconds:
                result = ExtractionResult.failure(job.filename, cpu_message(config))
        except ExtractionError as exc:
            result = ExtractionResult.failure(job.filename, str(exc))
        except MemoryError:
            result = ExtractionResult.failure(job.filename, memory_message(config))
        except RecursionError:
            result = ExtractionResult.failure(
                job.filename, "the document is nested too deeply to read"
            )
        except Exception as exc:  # a reader bug must not look like a crash of the batch
            result = ExtractionResult.failure(
                job.filename, f"the document could not be read ({type(exc).__name__}: {exc})"
            )
        connection.send(("result", _result_to_wire(result)))


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the process that started it dies (a killed consumer
    must not leave readers running)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)


def _extract_job(job: _Job, config: ExtractionConfig) -> ExtractionResult:
    from extraction import pipeline

    if job.data is not None:
        return pipeline.extract_bytes(job.data, job.filename, config)
    assert job.path is not None
    data = pipeline.read_file_bytes(job.path, config)
    return pipeline.extract_bytes(data, job.filename, config)


def _memory_amount(config: ExtractionConfig) -> str:
    limit = config.memory_limit_mb / 1024
    return f"{limit:.1f} GB" if limit >= 1 else f"{config.memory_limit_mb} MB"


def memory_message(config: ExtractionConfig) -> str:
    return f"the document needed more than {_memory_amount(config)} of memory"


def cpu_message(config: ExtractionConfig) -> str:
    return f"the document needed more than {config.cpu_seconds} s of CPU time to read"


def timeout_message(config: ExtractionConfig) -> str:
    return f"the document took longer than {config.timeout_seconds:g} s to read"


def crash_message(config: ExtractionConfig, exitcode: int | None) -> str:
    """Why a worker died, in words a user can act on."""
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number == signal.SIGXCPU:
            return cpu_message(config)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return (
            f"the reader crashed on the document ({name}); it is malformed or needed more "
            f"than {_memory_amount(config)} of memory"
        )
    return f"the reader stopped unexpectedly on the document (exit code {exitcode})"


class _Worker:
    def __init__(self, context: Any, config: ExtractionConfig) -> None:
        self.config = config
        parent_end, child_end = context.Pipe()
        self.connection: Connection = parent_end
        self.process = context.Process(
            target=_worker_main, args=(child_end, config), daemon=True, name="extraction-worker"
        )
        self.process.start()
        child_end.close()
        self.ready = False
        self.documents = 0
        self.job: _Job | None = None
        self.deadline = 0.0

    def wait_ready(self, timeout: float) -> bool:
        if self.ready:
            return True
        try:
            if self.connection.poll(timeout):
                message, _ = self.connection.recv()
                self.ready = message == "ready"
        except (EOFError, OSError):
            self.ready = False
        return self.ready

    def start(self, job: _Job) -> None:
        self.job = job
        self.documents += 1
        self.deadline = time.monotonic() + self.config.timeout_seconds
        self.connection.send(job)

    def kill(self) -> None:
        pid = self.process.pid
        if pid is not None and self.process.is_alive():
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        self.process.join(5)
        self.connection.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.connection.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        else:
            self.connection.close()


class IsolatedExtractor:
    """A pool of limited worker processes; one document per worker at a time."""

    def __init__(
        self,
        config: ExtractionConfig | None = None,
        workers: int = 1,
        max_documents_per_worker: int = 100,
    ) -> None:
        self.config = config or ExtractionConfig()
        self.size = max(1, workers)
        self.max_documents_per_worker = max_documents_per_worker
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self.startup_seconds = 0.0

    def __enter__(self) -> IsolatedExtractor:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> float:
        """Start the workers and wait until they are ready; returns the seconds it took."""
        started = time.monotonic()
        while len(self._workers) < self.size:
            self._workers.append(_Worker(self._context, self.config))
        for worker in self._workers:
            worker.wait_ready(STARTUP_TIMEOUT)
        self.startup_seconds = time.monotonic() - started
        return self.startup_seconds

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def extract(
        self,
        source: str | Path | bytes,
        filename: str | None = None,
        config: ExtractionConfig | None = None,
    ) -> ExtractionResult:
        """Extract one document (a path, or bytes named ``filename``) in a worker.

        ``config`` gives this document's options (its declared type, say); time and memory
        limits stay those of the pool.
        """
        (job,) = _jobs([source], [filename] if filename else None)
        if config is not None:
            job = replace(job, config=config)
        return next(iter(self._run([job])))

    def extract_many(
        self, sources: Iterable[str | Path | bytes], filenames: Iterable[str] | None = None
    ) -> Iterator[ExtractionResult]:
        """Extract documents in parallel; results come back in the order given."""
        return self._run(_jobs(list(sources), list(filenames) if filenames is not None else None))

    def _run(self, jobs: list[_Job]) -> Iterator[ExtractionResult]:
        pending = list(reversed(jobs))
        done: dict[int, ExtractionResult] = {}
        next_out = 0
        while next_out < len(jobs):
            self._assign(pending)
            for index, result in self._collect():
                done[index] = result
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1

    def _replace(self, worker: _Worker) -> None:
        self._workers.remove(worker)
        self._workers.append(_Worker(self._context, self.config))

    def _assign(self, pending: list[_Job]) -> None:
        for worker in list(self._workers):
            if not pending:
                return
            if worker.job is not None:
                continue
            if worker.documents >= self.max_documents_per_worker or not worker.process.is_alive():
                worker.stop()
                self._replace(worker)
        for worker in self._workers:
            if not pending:
                return
            if worker.job is None:
                if not worker.wait_ready(STARTUP_TIMEOUT):
                    job = pending.pop()
                    worker.job = job  # reported as a crash by _collect
                    worker.deadline = 0.0
                    continue
                worker.start(pending.pop())

    def _collect(self) -> list[tuple[int, ExtractionResult]]:
        busy = [w for w in self._workers if w.job is not None]
        if not busy:
            return []
        now = time.monotonic()
        timeout = max(0.0, min(w.deadline for w in busy) - now)
        ready = wait([w.connection for w in busy], timeout)
        finished: list[tuple[int, ExtractionResult]] = []
        for worker in busy:
            job = worker.job
            assert job is not None
            if worker.connection in ready:
                try:
                    message, payload = worker.connection.recv()
                    result = ExtractionResult(**payload)
                except (EOFError, OSError):
                    worker.process.join(5)
                    result = ExtractionResult.failure(
                        job.filename,
                        crash_message(self.config, worker.process.exitcode),
                        retryable=True,
                    )
                    worker.kill()
                    self._replace(worker)
                else:
                    worker.job = None
                finished.append((job.index, result))
            elif time.monotonic() >= worker.deadline:
                worker.kill()
                message = (
                    timeout_message(self.config)
                    if worker.ready
                    else "the document reader could not be started"
                )
                finished.append(
                    (job.index, ExtractionResult.failure(job.filename, message, retryable=True))
                )
                self._replace(worker)
        return finished


def _jobs(sources: list[str | Path | bytes], filenames: list[str] | None) -> list[_Job]:
    jobs = []
    for index, source in enumerate(sources):
        name = filenames[index] if filenames and index < len(filenames) else None
        if isinstance(source, bytes):
            jobs.append(_Job(index, name or "document", None, source))
        else:
            jobs.append(_Job(index, name or str(source), str(source), None))
    return jobs


def extract_isolated(
    source: str | Path | bytes,
    config: ExtractionConfig | None = None,
    filename: str | None = None,
) -> ExtractionResult:
    """Extract one document in a fresh limited child process (see :class:`IsolatedExtractor`)."""
    with IsolatedExtractor(config, workers=1) as extractor:
        return extractor.extract(source, filename)
