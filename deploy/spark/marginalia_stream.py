"""Stream documents through one ``marginalia annotate --input jsonl -`` process and get one
record back per document, in order, surviving processes that crash.

Plain Python (3.9+), no Spark: ``annotate.py`` ships this module to the executors
(``addPyFile``) and runs :func:`annotate_stream` on each partition, and
``test_marginalia_stream.py`` tests it against the real binary and the test plugins.

The contract with ``marginalia``: one ``{"id", "text"}`` JSON line in, one record out per
line, in input order, nothing else on stdout; exit code 0 (all annotated), 1 (some
documents failed: each has a record with an ``error``) or 2 (usage, config or plugin error:
nothing written).
"""

from __future__ import annotations

import collections
import json
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import IO, NamedTuple

#: The annotate options the driver sets itself; passing them through --marginalia-args would
#: break the record stream, so they are refused.
RESERVED_OPTIONS = (
    "--input",
    "--out",
    "-o",
    "--out-dir",
    "--resume",
    "--format",
    "--config",
    "-c",
    "--plugin-dir",
)

#: How much of marginalia's stderr is kept per process, for error messages.
STDERR_TAIL_BYTES = 16 * 1024

#: The offset columns marginalia adds with --offsets (null otherwise).
OFFSET_FIELDS = ("start_char", "end_char", "start_utf16", "end_utf16")


class MarginaliaError(RuntimeError):
    """marginalia could not run at all (not found, wrong platform, bad config, missing plugin),
    or broke the stream contract. Fails the Spark task: retrying elsewhere will not help a
    config error, and Spark then fails the job with this message."""


class Doc(NamedTuple):
    """A document to annotate."""

    id: str
    text: str


class Result(NamedTuple):
    """What came back for one document: its output record as marginalia wrote it (one JSON
    line without the newline) and the parsed record."""

    id: str
    line: str
    record: dict


def input_line(doc: Doc) -> bytes:
    """The document as one JSON Lines input line: JSON escapes line breaks, so it is one line
    whatever the text holds."""
    return (json.dumps({"id": doc.id, "text": doc.text}, ensure_ascii=True) + "\n").encode()


def failure_record(doc_id: str, message: str) -> Result:
    """A record in marginalia's format for a document that got no record from marginalia."""
    record = {"id": doc_id, "annotations": [], "error": message}
    return Result(doc_id, json.dumps(record, ensure_ascii=False, separators=(",", ":")), record)


def annotate_stream(
    docs: Iterable[Doc], command: list[str], where: str, cwd: str | None = None
) -> Iterator[Result]:
    """Runs ``command`` (``marginalia annotate --input jsonl ... -``) over ``docs`` and yields
    one :class:`Result` per document, in input order.

    Documents are streamed: a feeder thread writes them to marginalia's stdin while this
    generator reads records from its stdout, so memory holds only the documents in flight.
    When the process dies before answering every document (a crash: a signal, or an exit code
    other than 0, 1 and 2), the documents it did not answer are run again one process each
    until one crashes on its own: that document gets a failure record, and streaming resumes
    with the rest. Exit code 2 (nothing written) raises :class:`MarginaliaError`, as does a
    stdout line that is not the next document's record, and so do
    :data:`MAX_CRASHES_IN_A_ROW` documents in a row that each crash marginalia alone (it is
    then broken, not the documents). ``where`` names the partition in messages; ``cwd`` is
    where marginalia runs (where it looks for ``marginalia.toml`` without ``--config``).
    """
    source = _Source(iter(docs))
    crashes_in_a_row = 0
    while source.has_more():
        run = _Run(command, source, where, cwd)
        yield from run.records()
        if run.clean():
            continue
        suspects = run.unanswered
        tail = run.stderr_tail().strip()
        _log(
            f"{where}: marginalia ended with {describe_exit(run.proc.returncode)} leaving "
            f"{len(suspects)} documents unanswered; running them one by one to find the one "
            "that crashes it." + (f" Its stderr ended with:\n{tail}" if tail else "")
        )
        while suspects:
            doc = suspects.popleft()
            alone = _Run(command, _Source(iter([doc])), where, cwd)
            results = list(alone.records())
            if alone.clean() and len(results) == 1:
                crashes_in_a_row = 0
                yield results[0]
                continue
            crashes_in_a_row += 1
            if crashes_in_a_row >= MAX_CRASHES_IN_A_ROW:
                raise MarginaliaError(
                    f"{where}: marginalia crashed on {crashes_in_a_row} documents in a row, "
                    f"each alone ({describe_exit(alone.proc.returncode)}), the last "
                    f"{doc.id!r}: it is broken, not the documents. Its stderr:\n"
                    f"{alone.stderr_tail()}"
                )
            _log(f"{where}: document {doc.id!r} crashes marginalia on its own: failed")
            yield failure_record(doc.id, alone.crash_message())
            break
        # The suspects not tried alone go first, in order, ahead of the rest.
        source.front.extendleft(reversed(suspects))


#: Documents in a row that each crash marginalia on their own before the driver gives up.
MAX_CRASHES_IN_A_ROW = 5


def _log(message: str) -> None:
    """A line on the executor's stderr (its log), for what the records do not say."""
    print(f"marginalia-spark: {message}", file=sys.stderr, flush=True)


class _Source:
    """The documents still to send: ``front`` (to redo, first) then the rest of ``rest``."""

    def __init__(self, rest: Iterator[Doc]):
        self.front: collections.deque[Doc] = collections.deque()
        self.rest = rest
        self._peeked: Doc | None = None

    def next(self) -> Doc | None:
        if self.front:
            return self.front.popleft()
        if self._peeked is not None:
            doc, self._peeked = self._peeked, None
            return doc
        return next(self.rest, None)

    def has_more(self) -> bool:
        if self.front or self._peeked is not None:
            return True
        self._peeked = next(self.rest, None)
        return self._peeked is not None


class _Run:
    """One marginalia process over documents from a :class:`_Source`."""

    def __init__(self, command: list[str], source: _Source, where: str, cwd: str | None):
        self.command = command
        self.where = where
        #: Documents written to stdin and not yet answered, oldest first.
        self.unanswered: collections.deque[Doc] = collections.deque()
        self._stderr = bytearray()
        self._feed_error: BaseException | None = None
        self._complete = False
        self._answered = 0
        try:
            self.proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
            )
        except OSError as error:
            raise MarginaliaError(
                f"{where}: cannot start `{shlex.join(command)}`: {error}. The binary must be "
                "built for the executors' OS, architecture and C library (glibc version)."
            ) from error
        self._feeder = threading.Thread(target=self._feed, args=(source,), daemon=True)
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._feeder.start()
        self._drainer.start()

    def _feed(self, source: _Source) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        try:
            while (doc := source.next()) is not None:
                # Noted before it is written, so that its record can never arrive first.
                self.unanswered.append(doc)
                stdin.write(input_line(doc))
        except OSError:
            pass  # marginalia exited early; the records read so far tell what it did
        except BaseException as error:  # the partition's own iterator failed
            self._feed_error = error
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def _drain(self, chunk: int = 8192) -> None:
        stderr = self.proc.stderr
        assert stderr is not None
        while data := stderr.read1(chunk):
            self._stderr += data
            del self._stderr[:-STDERR_TAIL_BYTES]

    def records(self) -> Iterator[Result]:
        """The records, checked against the documents sent; stops at EOF or a torn line."""
        stdout: IO[bytes] = self.proc.stdout  # type: ignore[assignment]
        try:
            for raw in stdout:
                if not raw.endswith(b"\n"):
                    break  # torn by a crash: that document is redone
                yield self._check(raw)
            self._complete = True
        finally:
            if not self._complete:
                self.proc.kill()
            stdout.close()
            self.proc.wait()
            self._feeder.join()
            self._drainer.join()
            self.proc.stderr.close()  # type: ignore[union-attr]
            if self._feed_error is not None:
                raise self._feed_error

    def _check(self, raw: bytes) -> Result:
        line = raw.decode("utf-8").rstrip("\n")
        try:
            record = json.loads(line)
            got = record["id"]
        except (ValueError, KeyError, TypeError):
            raise MarginaliaError(
                f"{self.where}: marginalia wrote a line that is not an output record: "
                f"{line[:200]!r}. Does a plugin write to stdout? Run it with "
                "--marginalia-args=--isolate."
            ) from None
        if not self.unanswered:
            raise MarginaliaError(
                f"{self.where}: marginalia wrote a record for {got!r} after answering every "
                "document sent: its stdout is out of step (does a plugin write to stdout?)"
            )
        expected = self.unanswered.popleft()
        self._answered += 1
        if got != expected.id:
            raise MarginaliaError(
                f"{self.where}: marginalia answered {got!r} where the record of "
                f"{expected.id!r} was due: its stdout is out of step"
            )
        return Result(got, line, record)

    def clean(self) -> bool:
        """Whether the process answered every document and exited 0 or 1 (call after
        :meth:`records`). Raises :class:`MarginaliaError` on exit code 2 with nothing written:
        marginalia's usage, config or plugin error."""
        code = self.proc.returncode
        if code == 2 and self._answered == 0:
            raise MarginaliaError(
                f"{self.where}: `{shlex.join(self.command)}` refused to run (exit code 2):\n"
                f"{self.stderr_tail()}"
            )
        return code in (0, 1) and self._complete and not self.unanswered

    def crash_message(self) -> str:
        """The failure message of a document that crashed marginalia on its own."""
        tail = self.stderr_tail().strip().splitlines()
        last = f" Its last words: {tail[-1]}" if tail else ""
        return (
            f"marginalia ended with {describe_exit(self.proc.returncode)} while annotating this "
            "document alone (a plugin crashed the process; run with --isolate to confine "
            f"plugins to worker processes).{last}"
        )

    def stderr_tail(self) -> str:
        return self._stderr.decode("utf-8", "replace")


def describe_exit(code: int | None) -> str:
    """``exit code 3`` or ``signal SIGSEGV``, for messages."""
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def marginalia_command(
    binary: str, config: str | None, plugin_dir: str, extra: list[str]
) -> list[str]:
    """The annotate command line run per partition: JSON Lines on stdin, records on stdout."""
    command = [binary, "annotate", "--input", "jsonl", "--plugin-dir", plugin_dir]
    if config is not None:
        command += ["--config", config]
    return command + extra + ["-"]


def check_passthrough(extra: list[str]) -> None:
    """Raises :class:`ValueError` on an annotate option the driver sets itself (see
    :data:`RESERVED_OPTIONS`)."""
    for arg in extra:
        name = arg.split("=", 1)[0]
        if name in RESERVED_OPTIONS:
            raise ValueError(
                f"--marginalia-args must not set {name}: the driver sets it "
                "(input, output, config and plugin directory are its own options)"
            )
