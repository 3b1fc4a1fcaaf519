"""Airflow DAG: wait for a drift-monitor retrain event of one model, then retrain on its data.

The sensor consumes ``retrain-events`` (JSON) with its own consumer group and finishes when an event
of MODEL_ID arrives whose ``event_id`` has not been handled yet; the event's ``training_data`` (topic,
per-partition offset ranges, time range, segments to upsample) goes to the training task through
XCom. The sensor runs in reschedule mode, so a waiting run holds no worker slot. Handled ids are kept
in an Airflow Variable, so a redelivered event (a replay, a consumer restart) starts no second
training; the consumer commits its offsets only when it hands an event on.

Set the Airflow Variables ``drift_monitor_bootstrap_servers`` (default localhost:9092) and, for a
secured cluster, ``drift_monitor_kafka_config`` (JSON of librdkafka properties: security.protocol,
sasl.mechanisms, sasl.username, sasl.password, ssl.ca.location). Needs ``confluent-kafka`` on the
workers. Airflow 2.4+ (``schedule``, ``@task.sensor``).
"""

import json
from datetime import datetime, timedelta

from airflow.decorators import dag, task
from airflow.models import Variable
from airflow.sensors.base import PokeReturnValue

MODEL_ID = "fraud-classifier"
TOPIC = "retrain-events"
HANDLED_VARIABLE = "drift_monitor_handled_retrain_events"
MAX_HANDLED_IDS = 1000


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


def _handled_ids():
    return json.loads(Variable.get(HANDLED_VARIABLE, default_var="[]"))


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
        handled = set(_handled_ids())
        consumer = _consumer()
        try:
            consumer.subscribe([TOPIC])
            for _ in range(30):
                msg = consumer.poll(2.0)
                if msg is None:
                    continue
                if msg.error():
                    raise RuntimeError(str(msg.error()))
                value = msg.value()
                event = json.loads(value) if value and value[:1] != b"\x00" else None
                if event and event.get("model_id") == MODEL_ID and event["event_id"] not in handled:
                    consumer.commit(message=msg, asynchronous=False)
                    return PokeReturnValue(is_done=True, xcom_value=event)
                consumer.commit(message=msg, asynchronous=False)
            return PokeReturnValue(is_done=False)
        finally:
            consumer.close()

    @task
    def retrain(event):
        """Trains on exactly the records the monitor names, then marks the event handled."""
        data = event["training_data"]
        ranges = [(p["partition"], p["from_offset"], p["to_offset"]) for p in data["partitions"]]
        print("retraining %s (event %s, trigger %s) on %s partitions %s, %s..%s, upsampling %s" % (
            event["model_id"], event["event_id"], event["trigger"], data["topic"], ranges,
            data.get("from_time"), data.get("to_time"), data.get("upsample_segments")))
        # Replace with your training: read data["topic"] from each from_offset to each to_offset
        # (inclusive), or the time range from your feature store, and fit the model.
        handled = _handled_ids()
        if event["event_id"] not in handled:
            handled.append(event["event_id"])
            Variable.set(HANDLED_VARIABLE, json.dumps(handled[-MAX_HANDLED_IDS:]))
        return event["event_id"]

    retrain(wait_for_retrain_event())


drift_retrain()
