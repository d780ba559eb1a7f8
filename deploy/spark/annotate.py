#!/usr/bin/env python3
"""Annotate a corpus with marginalia on Apache Spark.

The driver ships the ``marginalia`` binary, the plugin libraries and the config to every
executor (``SparkContext.addFile``), streams each partition through one
``marginalia annotate --input jsonl -`` process, and writes two tables under ``--output``:

* ``annotations/``: one row per annotation: ``id, label, start, end, text, plugin, attrs``
  (``attrs`` is the annotation's attributes as a JSON object in a string; ``start``/``end``
  are UTF-8 byte offsets), plus ``start_char``... columns, null unless
  ``--marginalia-args "--offsets all"`` asks for them;
* ``documents/``: one row per document: ``id, bytes, annotations, error`` (``error`` is null
  for an annotated document: a failed one is kept, with its message);

and ``summary/``, one JSON line: documents, failed, bytes, seconds and counts per label.

Each partition goes through ``marginalia_stream.annotate_stream`` (beside this file, shipped
with ``addPyFile``): a process that a plugin crashes (without ``--isolate``) loses no
document, the one that crashes it is recorded as failed; marginalia's exit code 2 (usage,
config or plugin error) fails the task, and so the job, with marginalia's message.

Exit codes of this script: 0 all documents annotated; 1 some documents failed (the output is
complete, failed documents are in ``documents/`` with their error); 2 usage error or the job
failed. See deploy/spark/README.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shlex
import sys
import time
from collections.abc import Iterator

import marginalia_stream
from marginalia_stream import (
    OFFSET_FIELDS,
    Doc,
    Result,
    annotate_stream,
    check_passthrough,
    failure_record,
    marginalia_command,
)


class UsageError(Exception):
    """A bad option or input path: reported as ``error: ...`` with exit code 2."""


#: The Spark setting of what opening a file costs, in bytes, when packing files into partitions.
OPEN_COST = "spark.sql.files.openCostInBytes"

#: Suffixes of plugin libraries, per platform.
LIBRARY_SUFFIXES = (".so", ".dylib", ".dll")


def plugin_libraries(directories: list[str]) -> list[str]:
    """The plugin library files (``*marginalia_plugin_*`` with a library suffix) in the
    directories, first directory first; a name seen twice is shipped once (the first wins,
    as in marginalia's search path)."""
    found: dict[str, str] = {}
    for directory in directories:
        if not os.path.isdir(directory):
            raise UsageError(f"--plugins {directory}: not a directory")
        for name in sorted(os.listdir(directory)):
            if "marginalia_plugin_" in name and name.endswith(LIBRARY_SUFFIXES):
                found.setdefault(name, os.path.join(directory, name))
    if not found:
        raise UsageError(
            f"no plugin library (lib*marginalia_plugin_*.so) in {', '.join(directories)}: "
            "pass the directory of the release build, e.g. --plugins target/release"
        )
    return list(found.values())


def input_format(path: str, given: str) -> str:
    """``text``, ``parquet`` or ``jsonl``: as given, or guessed from the path's suffix (a
    path without a known suffix is a directory of text files)."""
    if given != "auto":
        return given
    stripped = path.rstrip("/")
    if stripped.endswith(".parquet"):
        return "parquet"
    if stripped.endswith((".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz")):
        return "jsonl"
    return "text"


def read_corpus(spark, path: str, kind: str, glob: str):
    """The corpus as a DataFrame of ``id`` (string) and ``content`` (binary, the UTF-8 text).

    ``text``: every file under ``path`` matching ``glob`` (recursively), its id the path
    relative to ``path`` with ``/`` separators, as ``marginalia annotate DIR`` names it (Spark
    skips files whose name starts with ``_`` or ``.``). ``parquet``/``jsonl``: a dataset with
    ``id`` and ``text`` columns (``id`` cast to a string)."""
    from pyspark.sql import functions as F

    if kind == "text":
        # Spark packs small files into partitions counting each as 4 MB by default, which
        # makes hundreds of tiny partitions (a marginalia process each) out of a corpus of
        # news articles; count the bytes instead, unless the user chose a cost.
        if not spark.sparkContext.getConf().contains(OPEN_COST):
            spark.conf.set(OPEN_COST, str(64 * 1024))
        jvm = spark.sparkContext._jvm
        hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
        fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        root = fs.makeQualified(hadoop_path).toString().rstrip("/") + "/"
        files = (
            spark.read.format("binaryFile")
            .option("pathGlobFilter", glob)
            .option("recursiveFileLookup", "true")
            .load(path)
        )
        relative = F.when(
            F.col("path").startswith(root), F.expr(f"substring(path, {len(root) + 1})")
        ).otherwise(F.col("path"))
        return files.select(relative.alias("id"), F.col("content"))
    if kind == "parquet":
        table = spark.read.parquet(path)
    else:
        table = spark.read.schema("id STRING, text STRING").json(path)
    missing = [c for c in ("id", "text") if c not in table.columns]
    if missing:
        raise UsageError(f"{path}: the dataset has no column {', '.join(missing)}")
    return table.select(
        F.col("id").cast("string").alias("id"), F.encode(F.col("text"), "UTF-8").alias("content")
    )


def document_schema():
    """The per-document rows the partitions produce (``annotations`` nested)."""
    from pyspark.sql.types import (
        ArrayType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    annotation = StructType(
        [
            StructField("label", StringType(), False),
            StructField("start", LongType(), False),
            StructField("end", LongType(), False),
            StructField("text", StringType(), False),
            StructField("plugin", StringType(), False),
            StructField("attrs", StringType(), False),
        ]
        + [StructField(name, LongType(), True) for name in OFFSET_FIELDS]
    )
    return StructType(
        [
            StructField("id", StringType(), True),
            StructField("bytes", LongType(), False),
            StructField("error", StringType(), True),
            StructField("annotations", ArrayType(annotation, False), False),
        ]
    )


def document_row(result: Result, size: int) -> tuple:
    """A record as a row of :func:`document_schema`."""
    record = result.record
    annotations = [
        (
            a["label"],
            a["start"],
            a["end"],
            a["text"],
            a["plugin"],
            json.dumps(a.get("attrs", {}), ensure_ascii=False, separators=(",", ":")),
            *(a.get(name) for name in OFFSET_FIELDS),
        )
        for a in record.get("annotations", [])
    ]
    return (result.id, size, record.get("error"), annotations)


def partition_runner(binary: str, config: str | None, extra: list[str]):
    """The function run on each partition: decodes the documents, streams them through
    marginalia (:func:`annotate_stream`) and yields :func:`document_row` rows. Runs on the
    executors, where the shipped files are found with ``SparkFiles``."""

    def run(index: int, rows: Iterator) -> Iterator[tuple]:
        from pyspark import SparkFiles

        path = SparkFiles.get(binary)
        if not os.access(path, os.X_OK):
            os.chmod(path, 0o755)
        command = marginalia_command(
            path,
            SparkFiles.get(config) if config else None,
            SparkFiles.getRootDirectory(),
            extra,
        )
        sizes: collections.deque[int] = collections.deque()  # in stream order
        undecodable: list[tuple] = []

        def docs() -> Iterator[Doc]:
            for row in rows:
                content = bytes(row.content) if row.content is not None else None
                doc_id = row.id if row.id is not None else ""
                if content is None:
                    undecodable.append(
                        document_row(failure_record(doc_id, "the document has no text"), 0)
                    )
                    continue
                try:
                    text = content.decode("utf-8")
                except UnicodeDecodeError as error:
                    message = (
                        f"{doc_id} is not valid UTF-8: invalid byte sequence at byte offset "
                        f"{error.start}; convert it to UTF-8 (e.g. `iconv -t UTF-8`)"
                    )
                    undecodable.append(document_row(failure_record(doc_id, message), len(content)))
                    continue
                sizes.append(len(content))
                yield Doc(doc_id, text)

        where = f"partition {index}"
        for result in annotate_stream(docs(), command, where, SparkFiles.getRootDirectory()):
            yield document_row(result, sizes.popleft())
        yield from undecodable

    return run


def write_table(frame, path: str, fmt: str, overwrite: bool) -> None:
    writer = frame.write.mode("overwrite" if overwrite else "errorifexists")
    if fmt == "parquet":
        writer.parquet(path)
    else:
        writer.json(path)


def summarize(spark, documents, seconds: float) -> dict:
    """Documents, failures, bytes, seconds, MB/s and annotations per label, from the cached
    per-document rows."""
    from pyspark.sql import functions as F

    totals = documents.agg(
        F.count(F.lit(1)).alias("documents"),
        F.count("error").alias("failed"),
        F.coalesce(F.sum("bytes"), F.lit(0)).alias("bytes"),
    ).first()
    per_label = (
        documents.select(F.explode("annotations.label").alias("label")).groupBy("label").count()
    )
    labels = {row["label"]: row["count"] for row in per_label.collect()}
    return {
        "documents": totals["documents"],
        "failed": totals["failed"],
        "bytes": totals["bytes"],
        "seconds": round(seconds, 3),
        "mb_per_s": round(totals["bytes"] / 1e6 / seconds, 3) if seconds > 0 else None,
        "annotations": sum(labels.values()),
        "labels": dict(sorted(labels.items())),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="annotate.py",
        description="Annotate a corpus with marginalia on Spark: one marginalia process per "
        "partition, annotations written as Parquet or JSON Lines.",
    )
    parser.add_argument(
        "input",
        help="the corpus: a directory of text files (searched recursively), or a Parquet or "
        "JSON Lines dataset with `id` and `text` columns; any path Spark reads "
        "(file:, hdfs:, s3a:)",
    )
    parser.add_argument("--output", required=True, help="the output directory (must not exist)")
    parser.add_argument("--format", choices=("parquet", "jsonl"), default="parquet")
    parser.add_argument(
        "--input-format",
        choices=("auto", "text", "parquet", "jsonl"),
        default="auto",
        help="what the input is [default: from its suffix: .parquet, .jsonl/.json, else text]",
    )
    parser.add_argument(
        "--glob", default="*.txt", help="text input: the file names that are documents"
    )
    parser.add_argument("--marginalia", required=True, help="the marginalia binary to ship")
    parser.add_argument(
        "--plugins",
        action="append",
        required=True,
        metavar="DIR",
        help="a directory of plugin libraries to ship (repeatable; every *marginalia_plugin_* "
        "library in it is shipped)",
    )
    parser.add_argument("--config", help="the marginalia.toml to ship (its `pipeline` runs)")
    parser.add_argument(
        "--marginalia-args",
        default="",
        help="more `marginalia annotate` options, as one shell-quoted string, e.g. "
        '"--isolate --doc-timeout 30" or "--plugin actors"',
    )
    parser.add_argument(
        "--partitions",
        type=int,
        help="repartition the corpus into N partitions (one marginalia process each) "
        "[default: the input's, at least the default parallelism]",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        help="marginalia --jobs per process [default: spark.task.cpus]",
    )
    parser.add_argument("--master", help="the Spark master, when not run by spark-submit")
    parser.add_argument(
        "--conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Spark setting for the session (repeatable), when not run by spark-submit",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace existing output")
    return parser.parse_args(glue_marginalia_args(sys.argv[1:] if argv is None else argv))


def glue_marginalia_args(argv: list[str]) -> list[str]:
    """``--marginalia-args VALUE`` as ``--marginalia-args=VALUE``, so that a value starting
    with ``-`` (``--marginalia-args --isolate``) is taken as the value, not as an option."""
    glued: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--marginalia-args":
            value = next(args, None)
            glued.append(arg if value is None else f"{arg}={value}")
        else:
            glued.append(arg)
    return glued


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    extra = shlex.split(args.marginalia_args)
    try:
        check_passthrough(extra)
    except ValueError as error:
        raise UsageError(str(error)) from None
    for path, what in ((args.marginalia, "--marginalia"), (args.config, "--config")):
        if path is not None and not os.path.isfile(path):
            raise UsageError(f"{what} {path}: no such file")
    libraries = plugin_libraries(args.plugins)

    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    builder = SparkSession.builder.appName("marginalia annotate")
    if args.master:
        builder = builder.master(args.master)
    for setting in args.conf:
        key, sep, value = setting.partition("=")
        if not sep:
            raise UsageError(f"--conf {setting}: expected KEY=VALUE")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    try:
        sc.setLogLevel("WARN")
        for path in [args.marginalia, *libraries] + ([args.config] if args.config else []):
            sc.addFile(os.path.abspath(path))
        # Shipped to the executors unless spark-submit --py-files already does.
        stream_module = os.path.basename(marginalia_stream.__file__)
        if stream_module not in sc.getConf().get("spark.submit.pyFiles", ""):
            sc.addPyFile(os.path.abspath(marginalia_stream.__file__))
        jobs = args.jobs or int(sc.getConf().get("spark.task.cpus", "1"))
        if not any(a in ("--jobs", "-j") or a.startswith("--jobs=") for a in extra):
            extra += ["--jobs", str(jobs)]

        kind = input_format(args.input, args.input_format)
        corpus = read_corpus(spark, args.input, kind, args.glob)
        partitions = args.partitions or max(corpus.rdd.getNumPartitions(), sc.defaultParallelism)
        if partitions != corpus.rdd.getNumPartitions():
            corpus = corpus.repartition(partitions)
        runner = partition_runner(
            os.path.basename(args.marginalia),
            os.path.basename(args.config) if args.config else None,
            extra,
        )
        documents = spark.createDataFrame(
            corpus.rdd.mapPartitionsWithIndex(runner), document_schema()
        ).persist(StorageLevel.MEMORY_AND_DISK)

        started = time.monotonic()
        out = args.output.rstrip("/")
        annotations = documents.select("id", F.explode("annotations").alias("a")).select(
            "id", "a.*"
        )
        write_table(annotations, f"{out}/annotations", args.format, args.overwrite)
        table = documents.select("id", "bytes", F.size("annotations").alias("annotations"), "error")
        write_table(table, f"{out}/documents", args.format, args.overwrite)
        summary = summarize(spark, documents, time.monotonic() - started)
        summary.update(partitions=partitions, master=sc.master, format=args.format)
        line = json.dumps(summary, sort_keys=True)
        spark.createDataFrame([(line,)], "value STRING").coalesce(1).write.mode(
            "overwrite" if args.overwrite else "errorifexists"
        ).text(f"{out}/summary")
        documents.unpersist()
    finally:
        spark.stop()

    print_summary(summary, out)
    return 1 if summary["failed"] else 0


def print_summary(summary: dict, out: str) -> None:
    """The summary on stdout: totals, then annotations per label."""
    mb = summary["bytes"] / 1e6
    print(
        f"annotated {summary['documents']} documents ({mb:.2f} MB) in {summary['seconds']:.2f} s "
        f"on {summary['partitions']} partitions ({summary['master']}): "
        f"{summary['annotations']} annotations, {summary['failed']} documents failed"
    )
    for label, count in summary["labels"].items():
        print(f"  {label:<16} {count:>8}")
    print(f"written to {out}/annotations, {out}/documents and {out}/summary ({summary['format']})")


def job_error(error: BaseException) -> str:
    """The message of a failed job: marginalia's own, when an executor raised
    :class:`MarginaliaError` (Spark wraps it in a Java exception with the Python traceback),
    else the exception."""
    text = str(error)
    marker = "MarginaliaError: "
    if marker in text:
        message = text[text.rindex(marker) + len(marker) :]
        # Spark appends the Java stack after the Python traceback; cut at the first Java frame.
        return message.split("\n\tat ", 1)[0].strip()
    return f"{type(error).__name__}: {text}"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except BaseException as failure:  # the job failed: say why, in one message
        print(f"error: the Spark job failed: {job_error(failure)}", file=sys.stderr)
        sys.exit(2)
