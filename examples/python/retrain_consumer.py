#!/usr/bin/env python3
"""Start a retraining job for every retrain event of drift-monitor, exactly once per event.

Consumes the ``retrain-events`` topic (JSON values, the monitor's default output format, or Avro in
the Confluent wire format with --schema-registry: see drift_events.py), builds a
job specification from each event's ``training_data`` (topic, per-partition offset ranges, time
range, segments to upsample) and starts the job with a command you choose. Every event has a
deterministic ``event_id``: the same cause always gives the same id, so a redelivered event (consumer
restart, a second monitor instance, a replay) is recognised and skipped. Processed ids are kept in a
SQLite file; offsets are committed only after the job has started and its id has been recorded.

    python3 retrain_consumer.py --bootstrap-servers localhost:9092 \\
        --command 'python3 train.py --spec {spec_file}'

The command is a shell command; {spec_file}, {event_id} and {model_id} are replaced (the spec file
is JSON), and the same values are in the environment as RETRAIN_SPEC_FILE, RETRAIN_EVENT_ID and
RETRAIN_MODEL_ID. Pass the event id on to your job system as its idempotency key (a job name, an
Airflow run_id) to close the last gap: a crash after starting the job and before recording the id.
Without --command the spec is printed.

No record is skipped silently: a record that cannot be decoded (not JSON, Avro whose schema the
registry does not know, a tombstone) stops the consumer without committing past it (exit code 2),
unless --on-unreadable skip is given, which logs each skipped record's partition, offset and reason
and counts it. An unreachable registry also stops it without a commit (exit code 1): restart it
when the registry is back. Records of other models (--model) are counted as "other_model".

Security: any librdkafka property can be given with -X key=value (security.protocol=SASL_SSL,
sasl.mechanisms=SCRAM-SHA-512, sasl.username=..., sasl.password=..., ssl.ca.location=...). The
registry's user:password can come from the SCHEMA_REGISTRY_AUTH environment variable instead of
--schema-registry-auth, so that it does not show in the process list.
"""

import argparse
import json
import logging
import os
import shlex
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_events import RegistryClient, UndecodableRecord, decode  # noqa: E402

log = logging.getLogger("retrain-consumer")


class ProcessedEvents:
    """The event ids whose job has been started, in a SQLite file (``:memory:`` for tests)."""

    def __init__(self, path):
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS processed ("
            " event_id TEXT PRIMARY KEY, model_id TEXT, started_at TEXT)")
        self._db.commit()

    def seen(self, event_id):
        row = self._db.execute("SELECT 1 FROM processed WHERE event_id = ?", (event_id,)).fetchone()
        return row is not None

    def record(self, event_id, model_id):
        self._db.execute(
            "INSERT OR IGNORE INTO processed (event_id, model_id, started_at) VALUES (?, ?, ?)",
            (event_id, model_id, datetime.now(timezone.utc).isoformat()))
        self._db.commit()

    def close(self):
        self._db.close()


def _iso(epoch_ms):
    if epoch_ms is None:
        return None
    return datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).isoformat()


def job_spec(event):
    """The retraining job's input, from a retrain event (a dict of the event's JSON)."""
    data = event["training_data"]
    return {
        "event_id": event["event_id"],
        "model_id": event["model_id"],
        "model_version": event.get("model_version"),
        "baseline_version": event.get("baseline_version"),
        "trigger": event.get("trigger"),
        "reasons": [
            "%s %s %s >= %s" % (r.get("signal"), r.get("metric"), r.get("value"), r.get("threshold"))
            for r in event.get("reasons") or []
        ],
        # An exact, replayable data version: read these offsets (inclusive) of this topic.
        "data": {
            "topic": data["topic"],
            "partitions": [
                {"partition": p["partition"], "from_offset": p["from_offset"], "to_offset": p["to_offset"]}
                for p in sorted(data.get("partitions") or [], key=lambda p: p["partition"])
            ],
            "from_time": _iso(data.get("from_time")),
            "to_time": _iso(data.get("to_time")),
            "upsample_segments": list(data.get("upsample_segments") or []),
        },
    }


def start_job(spec, command):
    """Starts the job for a spec: runs the command (or prints the spec) and returns its exit code."""
    if not command:
        print(json.dumps(spec, indent=2), flush=True)
        return 0
    with tempfile.NamedTemporaryFile("w", prefix="retrain-%s-" % spec["model_id"], suffix=".json",
                                     delete=False) as f:
        json.dump(spec, f, indent=2)
        spec_file = f.name
    values = {"spec_file": spec_file, "event_id": spec["event_id"], "model_id": spec["model_id"]}
    cmd = command.format(**{k: shlex.quote(v) for k, v in values.items()})
    env = dict(os.environ, RETRAIN_SPEC_FILE=spec_file, RETRAIN_EVENT_ID=spec["event_id"],
               RETRAIN_MODEL_ID=spec["model_id"])
    log.info("starting retraining of %s for event %s: %s", spec["model_id"], spec["event_id"], cmd)
    return subprocess.call(cmd, shell=True, env=env)


def handle(value, processed, command, models=None, registry=None):
    """Handles one record value; returns 'started', 'duplicate', 'other_model' or 'failed'.

    Raises UndecodableRecord when the value cannot be read, ConnectionError when the registry is down.
    """
    event = decode(value, registry)
    if models and event.get("model_id") not in models:
        return "other_model"
    event_id = event["event_id"]
    if processed.seen(event_id):
        log.info("duplicate retrain event %s of %s skipped", event_id, event.get("model_id"))
        return "duplicate"
    if start_job(job_spec(event), command) != 0:
        return "failed"
    processed.record(event_id, event["model_id"])
    return "started"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topic", default="retrain-events")
    parser.add_argument("--group-id", default="retrain-pipeline")
    parser.add_argument("--model", action="append", help="only these models (repeatable); default: all")
    parser.add_argument("--command", help="shell command that starts the job; {spec_file} {event_id} {model_id}")
    parser.add_argument("--state", default="retrain-consumer.sqlite", help="SQLite file of processed event ids")
    parser.add_argument("--max-events", type=int, default=0, help="stop after this many records (0: run forever)")
    parser.add_argument("--idle-timeout", type=float, default=0, help="stop after this many seconds without records")
    parser.add_argument("--schema-registry", metavar="URL", help="registry of Avro output (output.format: avro)")
    parser.add_argument("--schema-registry-auth", metavar="USER:PASSWORD",
                        default=os.environ.get("SCHEMA_REGISTRY_AUTH"), help="default: $SCHEMA_REGISTRY_AUTH")
    parser.add_argument("--schema-registry-ca", metavar="FILE", help="CA certificates of an https registry")
    parser.add_argument("--on-unreadable", choices=["stop", "skip"], default="stop",
                        help="a record that cannot be decoded: stop without committing (default) or skip it, logged")
    parser.add_argument("-X", dest="properties", action="append", default=[], metavar="KEY=VALUE",
                        help="librdkafka property (security.protocol, sasl.*, ssl.*)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    from confluent_kafka import Consumer, KafkaException

    conf = {
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": args.group_id,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    }
    for prop in args.properties:
        key, _, val = prop.partition("=")
        conf[key] = val
    consumer = Consumer(conf)
    consumer.subscribe([args.topic])
    processed = ProcessedEvents(args.state)
    registry = (RegistryClient(args.schema_registry, args.schema_registry_auth, args.schema_registry_ca)
                if args.schema_registry else None)
    counts = {"started": 0, "duplicate": 0, "other_model": 0, "unreadable": 0, "failed": 0}
    records, idle = 0, 0.0
    try:
        while not args.max_events or records < args.max_events:
            msg = consumer.poll(1.0)
            if msg is None:
                idle += 1.0
                if args.idle_timeout and idle >= args.idle_timeout:
                    break
                continue
            idle = 0.0
            if msg.error():
                raise KafkaException(msg.error())
            records += 1
            where = "%s partition %d offset %d" % (msg.topic(), msg.partition(), msg.offset())
            try:
                outcome = handle(msg.value(), processed, args.command, args.model, registry)
            except UndecodableRecord as e:
                counts["unreadable"] += 1
                if args.on_unreadable == "stop":
                    log.error("cannot read the record at %s: %s; stopping without committing past it "
                              "(--on-unreadable skip skips such records)", where, e)
                    return 2
                log.warning("skipping the unreadable record at %s: %s", where, e)
                consumer.commit(message=msg, asynchronous=False)
                continue
            except ConnectionError as e:
                log.error("%s; stopping without committing past %s", e, where)
                return 1
            counts[outcome] += 1
            if outcome == "failed":
                # Not committed: the event is retried after a restart.
                log.error("retraining job for %s failed; stopping", msg.key())
                return 1
            consumer.commit(message=msg, asynchronous=False)
    finally:
        consumer.close()
        processed.close()
        print(json.dumps(counts), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
