"""Tests of drift_retrain_dag.py without Airflow: the airflow imports are stubbed, the logic runs.

    python3 -m unittest discover -s examples/airflow
"""

import json
import os
import re
import struct
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "python"))


class _Variables:
    values = {}

    @classmethod
    def get(cls, key, default_var=None):
        return cls.values.get(key, default_var)

    @classmethod
    def set(cls, key, value):
        cls.values[key] = value


class _PokeReturnValue:
    def __init__(self, is_done, xcom_value=None):
        self.is_done = is_done
        self.xcom_value = xcom_value


DAGS = []
TASKS = []


def _dag(**kwargs):
    def decorate(fn):
        def build():
            DAGS.append(kwargs)
            return fn()
        return build
    return decorate


def _task_decorator(kind, options):
    def decorate(fn):
        def call(*args):
            TASKS.append((kind, fn.__name__, options, args, fn))
            return fn.__name__  # stands for the XComArg
        call.function = fn
        return call
    return decorate


class _Task:
    def __call__(self, fn):
        return _task_decorator("task", {})(fn)

    def sensor(self, **options):
        return _task_decorator("sensor", options)


def _install_airflow_stub():
    airflow = types.ModuleType("airflow")
    decorators = types.ModuleType("airflow.decorators")
    decorators.dag = _dag
    decorators.task = _Task()
    models = types.ModuleType("airflow.models")
    models.Variable = _Variables
    sensors = types.ModuleType("airflow.sensors")
    base = types.ModuleType("airflow.sensors.base")
    base.PokeReturnValue = _PokeReturnValue
    for name, module in {"airflow": airflow, "airflow.decorators": decorators, "airflow.models": models,
                         "airflow.sensors": sensors, "airflow.sensors.base": base}.items():
        sys.modules[name] = module


_install_airflow_stub()
import drift_retrain_dag as dag_module  # noqa: E402


class Message:
    def __init__(self, value, offset, partition=0, topic="retrain-events"):
        self._value, self._offset, self._partition, self._topic = value, offset, partition, topic

    def value(self):
        return self._value

    def offset(self):
        return self._offset

    def partition(self):
        return self._partition

    def topic(self):
        return self._topic

    def error(self):
        return None


class Consumer:
    """A consumer over a list of records that remembers what was committed."""

    def __init__(self, values):
        self.messages = [Message(v, i) for i, v in enumerate(values)]
        self.position = 0
        self.committed = []

    def poll(self, timeout):
        if self.position >= len(self.messages):
            return None
        msg = self.messages[self.position]
        self.position += 1
        return msg

    def commit(self, message, asynchronous=True):
        self.committed.append(message.offset())


def event(event_id, model_id="fraud-classifier"):
    return {"event_id": event_id, "model_id": model_id, "trigger": "drift",
            "training_data": {"topic": "predictions", "partitions": [{"partition": 1, "from_offset": 5, "to_offset": 9}],
                              "from_time": 1, "to_time": 2, "upsample_segments": ["country=DE"]}}


def as_json(e):
    return json.dumps(e).encode()


class DagStructureTest(unittest.TestCase):
    def test_the_dag_is_continuous_with_one_run_and_a_rescheduling_sensor(self):
        self.assertEqual(len(DAGS), 1)
        self.assertEqual(DAGS[0]["schedule"], "@continuous")
        self.assertEqual(DAGS[0]["max_active_runs"], 1, "@continuous needs max_active_runs=1")
        sensor = [t for t in TASKS if t[0] == "sensor"]
        self.assertEqual(len(sensor), 1)
        self.assertEqual(sensor[0][2]["mode"], "reschedule")
        retrain = [t for t in TASKS if t[1] == "retrain"]
        self.assertEqual(retrain[0][3], ("wait_for_retrain_event",), "retrain takes the sensor's event")

    def test_the_stated_airflow_version_is_the_one_its_syntax_needs(self):
        # schedule="@continuous" appeared in Airflow 2.6 (and @task.sensor in 2.5).
        stated = re.search(r"Airflow (\d+)\.(\d+) or later", dag_module.__doc__)
        self.assertIsNotNone(stated)
        self.assertGreaterEqual((int(stated.group(1)), int(stated.group(2))), (2, 6))


class NextEventTest(unittest.TestCase):
    def test_returns_the_first_unhandled_event_of_the_model_and_commits_up_to_it(self):
        consumer = Consumer([as_json(event("e-0", model_id="other")), as_json(event("e-1")), as_json(event("e-2")),
                             as_json(event("e-3"))])
        found = dag_module.next_event(consumer, {"e-1"}, None, polls=10, timeout=0)
        self.assertEqual(found["event_id"], "e-2")
        self.assertEqual(consumer.committed, [0, 1, 2], "nothing past the event handed on")

    def test_a_record_it_cannot_read_fails_the_poke_without_a_commit_past_it(self):
        consumer = Consumer([as_json(event("e-0", model_id="other")), b"\x00\x00\x00\x00\x07abc", as_json(event("e-2"))])
        with self.assertRaises(RuntimeError) as raised:
            dag_module.next_event(consumer, set(), None, polls=10, timeout=0)
        self.assertIn("partition 0 offset 1", str(raised.exception))
        self.assertIn("no schema registry configured", str(raised.exception))
        self.assertEqual(consumer.committed, [0])

    def test_avro_events_are_decoded_through_the_registry(self):
        schema = {"type": "record", "name": "E", "fields": [{"name": "event_id", "type": "string"},
                                                             {"name": "model_id", "type": "string"}]}

        class Registry:
            def schema(self, schema_id):
                assert schema_id == 3
                return schema

        def text(s):
            return bytes([len(s) * 2]) + s.encode()

        value = b"\x00" + struct.pack(">I", 3) + text("e-9") + text("fraud-classifier")
        found = dag_module.next_event(Consumer([value]), set(), Registry(), polls=3, timeout=0)
        self.assertEqual(found, {"event_id": "e-9", "model_id": "fraud-classifier"})

    def test_none_after_the_polls_without_an_event(self):
        consumer = Consumer([as_json(event("e-1"))])
        self.assertIsNone(dag_module.next_event(consumer, {"e-1"}, None, polls=5, timeout=0))
        self.assertEqual(consumer.committed, [0])


class RetrainTest(unittest.TestCase):
    def setUp(self):
        _Variables.values = {}

    def test_the_training_summary_names_the_exact_data(self):
        summary = dag_module.training_summary(event("e-1"))
        self.assertEqual(summary["ranges"], [(1, 5, 9)])
        self.assertEqual(summary["upsample_segments"], ["country=DE"])

    def test_handled_ids_are_kept_once_and_bounded(self):
        for i in range(dag_module.MAX_HANDLED_IDS + 5):
            dag_module.mark_handled("e-%d" % i)
        dag_module.mark_handled("e-%d" % (dag_module.MAX_HANDLED_IDS + 4))
        handled = dag_module.handled_ids()
        self.assertEqual(len(handled), dag_module.MAX_HANDLED_IDS)
        self.assertEqual(handled[-1], "e-%d" % (dag_module.MAX_HANDLED_IDS + 4))

    def test_the_retrain_task_marks_its_event_handled(self):
        retrain = [t[4] for t in TASKS if t[1] == "retrain"][0]
        self.assertEqual(retrain(event("e-7")), "e-7")
        self.assertEqual(dag_module.handled_ids(), ["e-7"])

    def test_the_sensor_hands_on_an_unhandled_event_and_closes_its_consumer(self):
        sensor = [t[4] for t in TASKS if t[0] == "sensor"][0]
        _Variables.values[dag_module.HANDLED_VARIABLE] = json.dumps(["e-1"])
        consumer = Consumer([as_json(event("e-1")), as_json(event("e-2"))])
        consumer.subscribe = lambda topics: setattr(consumer, "topics", topics)
        consumer.close = lambda: setattr(consumer, "closed", True)
        original = dag_module._consumer
        dag_module._consumer = lambda: consumer
        try:
            result = sensor()
        finally:
            dag_module._consumer = original
        self.assertTrue(result.is_done)
        self.assertEqual(result.xcom_value["event_id"], "e-2")
        self.assertEqual(consumer.topics, [dag_module.TOPIC])
        self.assertTrue(consumer.closed)


if __name__ == "__main__":
    unittest.main()
