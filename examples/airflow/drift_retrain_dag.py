"""Airflow DAG: wait for a drift-monitor retrain event of one model, then retrain on its data.

The sensor consumes ``retrain-events`` with its own consumer group and finishes when an event of
MODEL_ID arrives whose ``event_id`` has not been handled yet; the event's ``training_data`` (topic,
per-partition offset ranges, time range, segments to upsample) goes to the training task through
XCom. The sensor runs in reschedule mode, so a waiting run holds no worker slot. Handled ids are kept
in an Airflow Variable, so a redelivered event (a replay, a consumer restart) starts no second
training.

Values are JSON (the monitor's default) or Avro in the Confluent wire format (``output.format:
avro``), decoded through the schema registry by ``drift_events.py`` (examples/python; copy it next
to this file into the dags folder, which Airflow puts on the import path). No record is skipped
silently: the consumer commits past a record only when it is handed on, already handled, or of
another model; a record it cannot read fails the sensor (the reason and the record's partition and
offset are in the task log) without a commit, so it is read again at the next poke and nothing past
it is lost.

Airflow Variables: ``drift_monitor_bootstrap_servers`` (default localhost:9092),
``drift_monitor_kafka_config`` (JSON of librdkafka properties for a secured cluster:
security.protocol, sasl.mechanisms, sasl.username, sasl.password, ssl.ca.location),
``drift_monitor_schema_registry_url`` and ``drift_monitor_schema_registry_auth`` (user:password) for
Avro. Needs ``confluent-kafka`` on the workers. Airflow 2.6 or later: ``schedule="@continuous"``
needs 2.6, ``@task.sensor`` 2.5.
"""

import json
import logging
from datetime import datetime, timedelta

from airflow.decorators import dag, task
from airflow.models import Variable
from airflow.sensors.base import PokeReturnValue

MODEL_ID = "fraud-classifier"
TOPIC = "retrain-events"
HANDLED_VARIABLE = "drift_monitor_handled_retrain_events"
MAX_HANDLED_IDS = 1000
POLLS_PER_POKE = 30

log = logging.getLogger(__name__)


def _consumer():
    from confluent_kafka import Consumer

    conf = {
        "bootstrap.servers": Variable.get("drift_monitor_bootstrap_servers", default_var="localhost:9092"),
        "group.id": "airflow-retrain-" + MODEL_ID,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    }
    conf.update(json.loads(Variable.get("drift_monitor_kafka_config", default_var="{}")))
    return Consumer(conf)


def _registry():
    url = Variable.get("drift_monitor_schema_registry_url", default_var="")
    if not url:
        return None
    from drift_events import RegistryClient

    return RegistryClient(url, Variable.get("drift_monitor_schema_registry_auth", default_var="") or None)


def decode_event(value, registry):
    """The event of a record value (JSON or Avro); raises drift_events.UndecodableRecord."""
    import drift_events

    return drift_events.decode(value, registry)


def handled_ids():
    return json.loads(Variable.get(HANDLED_VARIABLE, default_var="[]"))


def mark_handled(event_id):
    """Adds an event id to the handled ones (the newest MAX_HANDLED_IDS are kept)."""
    handled = handled_ids()
    if event_id not in handled:
        handled.append(event_id)
        Variable.set(HANDLED_VARIABLE, json.dumps(handled[-MAX_HANDLED_IDS:]))


def next_event(consumer, handled, registry, model_id=MODEL_ID, polls=POLLS_PER_POKE, timeout=2.0):
    """The next not yet handled event of the model, or None after ``polls`` polls without one.

    Commits past each record it has dealt with: one of another model, one already handled, and the
    event it returns. A record it cannot decode raises (with its partition and offset) before any
    commit past it.
    """
    for _ in range(polls):
        msg = consumer.poll(timeout)
        if msg is None:
            continue
        if msg.error():
            raise RuntimeError(str(msg.error()))
        try:
            event = decode_event(msg.value(), registry)
        except Exception as e:
            raise RuntimeError("cannot read the record at %s partition %s offset %s: %s; not committed, so it is read "
                               "again at the next poke" % (msg.topic(), msg.partition(), msg.offset(), e)) from e
        consumer.commit(message=msg, asynchronous=False)
        if event.get("model_id") == model_id and event["event_id"] not in handled:
            return event
        if event.get("model_id") == model_id:
            log.info("retrain event %s already handled", event["event_id"])
    return None


def training_summary(event):
    """What the training task trains on: topic, offset ranges (inclusive), time range, upsampled segments."""
    data = event["training_data"]
    return {
        "event_id": event["event_id"],
        "model_id": event["model_id"],
        "trigger": event.get("trigger"),
        "topic": data["topic"],
        "ranges": [(p["partition"], p["from_offset"], p["to_offset"]) for p in data.get("partitions") or []],
        "from_time": data.get("from_time"),
        "to_time": data.get("to_time"),
        "upsample_segments": list(data.get("upsample_segments") or []),
    }


@dag(
    dag_id="drift_monitor_retrain_" + MODEL_ID.replace("-", "_"),
    start_date=datetime(2026, 1, 1),
    schedule="@continuous",
    max_active_runs=1,
    catchup=False,
    tags=["drift-monitor", "retraining"],
    default_args={"retries": 1, "retry_delay": timedelta(minutes=5)},
)
def drift_retrain():
    @task.sensor(poke_interval=60, timeout=7 * 24 * 3600, mode="reschedule")
    def wait_for_retrain_event():
        """Done when a not yet handled retrain event of MODEL_ID is on the topic."""
        consumer = _consumer()
        try:
            consumer.subscribe([TOPIC])
            event = next_event(consumer, set(handled_ids()), _registry())
            return PokeReturnValue(is_done=event is not None, xcom_value=event)
        finally:
            consumer.close()

    @task
    def retrain(event):
        """Trains on exactly the records the monitor names, then marks the event handled."""
        summary = training_summary(event)
        print("retraining %(model_id)s (event %(event_id)s, trigger %(trigger)s) on %(topic)s partitions %(ranges)s, "
              "%(from_time)s..%(to_time)s, upsampling %(upsample_segments)s" % summary)
        # Replace with your training: read summary["topic"] from each from_offset to each to_offset
        # (inclusive), or the time range from your feature store, and fit the model.
        mark_handled(event["event_id"])
        return event["event_id"]

    retrain(wait_for_retrain_event())


drift_retrain()
