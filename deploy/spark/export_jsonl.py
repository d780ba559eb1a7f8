#!/usr/bin/env python3
"""Turn the tables that annotate.py wrote back into marginalia's own JSON Lines records.

    python3 export_jsonl.py OUTPUT_DIR DEST.jsonl [--format parquet|jsonl] [--master local[2]]

Reads ``OUTPUT_DIR/documents`` and ``OUTPUT_DIR/annotations`` and writes DEST.jsonl: one
record per document, sorted by id, as ``marginalia annotate`` writes it (``id``,
``annotations`` with ``attrs`` as a JSON object, ``error`` for a failed document), so that
a Spark run can be diffed against a plain run or read by the tools that read marginalia's
output. Annotations keep marginalia's order within a document (start, end, label). The file
is written by the driver process, so it is for samples and checks, not for a whole corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from marginalia_stream import OFFSET_FIELDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="export_jsonl.py", description=__doc__.split("\n")[0])
    parser.add_argument("output", help="the --output directory of annotate.py")
    parser.add_argument("dest", help="the JSON Lines file to write")
    parser.add_argument("--format", choices=("parquet", "jsonl"), default="parquet")
    parser.add_argument("--master", help="the Spark master, when not run by spark-submit")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("marginalia export")
    if args.master:
        builder = builder.master(args.master)
    for setting in args.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        read = spark.read.parquet if args.format == "parquet" else spark.read.json
        # As dicts: the JSON writer leaves null columns out, so a column may be missing.
        documents = [r.asDict() for r in read(os.path.join(args.output, "documents")).collect()]
        annotations = [r.asDict() for r in read(os.path.join(args.output, "annotations")).collect()]
    finally:
        spark.stop()

    per_document: dict[str, list[dict]] = {}
    for row in annotations:
        annotation = {
            "label": row["label"],
            "start": row["start"],
            "end": row["end"],
            "text": row["text"],
            "plugin": row["plugin"],
            "attrs": json.loads(row["attrs"]),
        }
        for name in OFFSET_FIELDS:
            if row.get(name) is not None:
                annotation[name] = row[name]
        per_document.setdefault(row["id"], []).append(annotation)
    with open(args.dest, "w", encoding="utf-8") as out:
        for document in sorted(documents, key=lambda d: d["id"]):
            found = per_document.pop(document["id"], [])
            found.sort(key=lambda a: (a["start"], a["end"], a["label"]))
            if len(found) != document["annotations"]:
                print(
                    f"error: {args.output}: document {document['id']!r} counts "
                    f"{document['annotations']} annotations, the annotations table has "
                    f"{len(found)}",
                    file=sys.stderr,
                )
                return 1
            record: dict = {"id": document["id"], "annotations": found}
            if document.get("error") is not None:
                record["error"] = document["error"]
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    if per_document:
        print(
            f"error: {args.output}: annotations of documents missing from documents/: "
            f"{sorted(per_document)[:5]}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
