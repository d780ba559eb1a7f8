"""Tests of marginalia_stream against the real ``marginalia`` binary and the test plugins
(crates/marginalia-host/tests/plugins): records in order, crashes that lose no document (with
``--isolate`` and without), exit code 2 and a stdout out of step refused.

Run by ``cargo xtask spark``, which sets ``MARGINALIA_BIN`` (the release binary) and
``MARGINALIA_PLUGIN_DIR`` (the directories of the plugin libraries, a ``PATH``-style list):

    MARGINALIA_BIN=target/release/marginalia MARGINALIA_PLUGIN_DIR=target/release \\
        python3 -m unittest discover -s deploy/spark -p 'test_*.py'
"""

from __future__ import annotations

import os
import tempfile
import unittest

from marginalia_stream import Doc, MarginaliaError, annotate_stream, marginalia_command


def setUpModule() -> None:  # noqa: N802 (unittest's name)
    global BIN, PLUGIN_DIRS, WORKDIR
    BIN = os.path.abspath(os.environ.get("MARGINALIA_BIN", ""))
    dirs = os.environ.get("MARGINALIA_PLUGIN_DIR", "").split(os.pathsep)
    PLUGIN_DIRS = [os.path.abspath(d) for d in dirs if d]
    if not os.path.isfile(BIN) or not PLUGIN_DIRS:
        raise RuntimeError(
            "set MARGINALIA_BIN to the marginalia binary and MARGINALIA_PLUGIN_DIR to the "
            "directories of the test plugin libraries (`cargo xtask spark` does)"
        )
    # No marginalia.toml here, so `--plugin NAME` runs the plugin with its default settings.
    WORKDIR = tempfile.mkdtemp(prefix="marginalia-stream-test-")


def run(plugin: str, docs: list[Doc], *extra: str) -> list:
    more_dirs = [arg for d in PLUGIN_DIRS[1:] for arg in ("--plugin-dir", d)]
    command = marginalia_command(
        BIN, None, PLUGIN_DIRS[0], [*more_dirs, "--plugin", plugin, *extra]
    )
    return list(annotate_stream(docs, command, "test partition", cwd=WORKDIR))


def fake_marginalia(body: str) -> str:
    """A stand-in for marginalia: a shell script that reads its input and runs ``body``."""
    path = os.path.join(WORKDIR, f"fake-{abs(hash(body))}.sh")
    with open(path, "w") as script:
        script.write(f"#!/bin/sh\ncat >/dev/null\n{body}\n")
    os.chmod(path, 0o755)
    return path


def documents(n: int, trigger_at: tuple[int, ...] = ()) -> list[Doc]:
    """``n`` documents whose first word is ``wordN``; those at ``trigger_at`` contain TRIGGER,
    on which the misbehaving test plugins misbehave."""
    return [
        Doc(f"doc-{i:03}", f"word{i} is first." + (" TRIGGER" if i in trigger_at else ""))
        for i in range(n)
    ]


def first_words(results: list) -> dict:
    """Per id, the texts of the ``word`` annotations, or the error."""
    out = {}
    for result in results:
        record = result.record
        if "error" in record:
            out[result.id] = ("error", record["error"])
        else:
            out[result.id] = [a["text"] for a in record["annotations"] if a["label"] == "word"]
    return out


class StreamTest(unittest.TestCase):
    def test_one_record_per_document_in_input_order(self) -> None:
        docs = documents(60)
        results = run("test-segfaults", docs, "--jobs", "2")
        self.assertEqual([r.id for r in results], [d.id for d in docs])
        self.assertEqual(first_words(results), {d.id: [d.text.split()[0]] for d in docs})

    def test_a_failed_document_is_a_record_not_a_crash(self) -> None:
        # test-panics fails the TRIGGER document through marginalia's own error handling
        # (exit code 1): its record carries the error and the stream goes on.
        docs = documents(10, trigger_at=(4,))
        words = first_words(run("test-panics", docs))
        self.assertEqual(words["doc-004"][0], "error")
        self.assertIn("panicked", words["doc-004"][1])
        self.assertEqual(words["doc-005"], ["word5"])
        self.assertEqual(len(words), 10)

    def test_a_segfault_under_isolate_fails_only_its_document(self) -> None:
        docs = documents(40, trigger_at=(17,))
        results = run("test-segfaults", docs, "--jobs", "2", "--isolate")
        self.assertEqual([r.id for r in results], [d.id for d in docs])
        words = first_words(results)
        kind, message = words.pop("doc-017")
        self.assertEqual(kind, "error")
        self.assertIn("test-segfaults", message)
        self.assertEqual(words, {d.id: [d.text.split()[0]] for d in docs if d.id != "doc-017"})

    def test_an_abort_fails_only_its_document(self) -> None:
        docs = documents(25, trigger_at=(24,))
        words = first_words(run("test-aborts", docs, "--jobs", "2"))
        self.assertIn("signal SIGABRT", words.pop("doc-024")[1])
        self.assertEqual(words, {d.id: [d.text.split()[0]] for d in docs[:24]})

    def test_an_exit_fails_only_its_document_even_twice(self) -> None:
        docs = documents(30, trigger_at=(0, 29))
        words = first_words(run("test-exits", docs))
        self.assertIn("exit code 3", words.pop("doc-000")[1])
        self.assertIn("exit code 3", words.pop("doc-029")[1])
        self.assertEqual(words, {d.id: [d.text.split()[0]] for d in docs[1:29]})

    def test_a_binary_that_crashes_on_everything_is_an_error(self) -> None:
        docs = documents(8, trigger_at=tuple(range(8)))
        with self.assertRaisesRegex(MarginaliaError, "crashed on 5 documents in a row"):
            run("test-exits", docs)

    def test_exit_code_2_is_an_error_with_marginalia_s_message(self) -> None:
        with self.assertRaisesRegex(MarginaliaError, "(?s)exit code 2.*no-such-plugin"):
            run("no-such-plugin", documents(3))

    def test_a_line_that_is_not_a_record_is_an_error(self) -> None:
        fake = fake_marginalia("echo 'hello from a plugin'")
        with self.assertRaisesRegex(MarginaliaError, "not an output record: 'hello from a plugin'"):
            list(annotate_stream(documents(3), [fake], "test partition", cwd=WORKDIR))

    def test_a_record_out_of_step_is_an_error(self) -> None:
        fake = fake_marginalia("""echo '{"id": "forged", "annotations": []}'""")
        with self.assertRaisesRegex(
            MarginaliaError, "answered 'forged' where the record of 'doc-000'"
        ):
            list(annotate_stream(documents(3), [fake], "test partition", cwd=WORKDIR))

    def test_no_documents_no_records(self) -> None:
        self.assertEqual(run("no-such-plugin", []), [])


if __name__ == "__main__":
    unittest.main()
