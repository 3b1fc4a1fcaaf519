"""Unit tests of retrain_consumer.py that need no Kafka: python3 -m unittest discover examples/python"""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import retrain_consumer  # noqa: E402

EVENT = {
    "event_id": "bb4f7616-1407-3de6-af60-3baefd61acd7",
    "model_id": "fraud-classifier",
    "model_version": "2026.11.1",
    "triggered_at": 1795431520000,
    "window_end": 1795431520000,
    "trigger": "drift",
    "reasons": [{"signal": "feature:merchant_type", "segment": None, "metric": "psi", "value": 1.31,
                 "threshold": 0.25, "windows": [1795431500000, 1795431510000]}],
    "training_data": {
        "topic": "predictions",
        "partitions": [{"partition": 1, "from_offset": 821, "to_offset": 2128},
                       {"partition": 0, "from_offset": 786, "to_offset": 2128}],
        "from_time": 1795431500000,
        "to_time": 1795431520000,
        "upsample_segments": ["country=DE"],
    },
    "baseline_version": 1,
    "policy": "drift",
    "next_allowed_at": 1795431580000,
    "estimated_cost": 200.0,
}


class JobSpecTest(unittest.TestCase):
    def test_spec_carries_the_offset_and_time_ranges(self):
        spec = retrain_consumer.job_spec(EVENT)
        self.assertEqual(spec["event_id"], EVENT["event_id"])
        self.assertEqual(spec["data"]["topic"], "predictions")
        self.assertEqual([p["partition"] for p in spec["data"]["partitions"]], [0, 1])
        self.assertEqual(spec["data"]["partitions"][0], {"partition": 0, "from_offset": 786, "to_offset": 2128})
        self.assertEqual(spec["data"]["from_time"], "2026-11-23T10:58:20+00:00")
        self.assertEqual(spec["data"]["upsample_segments"], ["country=DE"])
        self.assertEqual(spec["reasons"], ["feature:merchant_type psi 1.31 >= 0.25"])


class DeduplicationTest(unittest.TestCase):
    def test_a_redelivered_event_starts_no_second_job(self):
        processed = retrain_consumer.ProcessedEvents(":memory:")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "jobs.txt")
            command = "echo {event_id} {model_id} >> " + out
            value = json.dumps(EVENT).encode()
            self.assertEqual(retrain_consumer.handle(value, processed, command), "started")
            self.assertEqual(retrain_consumer.handle(value, processed, command), "duplicate")
            other = dict(EVENT, event_id="another-id")
            self.assertEqual(retrain_consumer.handle(json.dumps(other).encode(), processed, command), "started")
            with open(out) as f:
                self.assertEqual(f.read().split("\n")[:2],
                                 [EVENT["event_id"] + " fraud-classifier", "another-id fraud-classifier"])

    def test_processed_ids_survive_a_restart(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "state.sqlite")
            first = retrain_consumer.ProcessedEvents(path)
            first.record("e-1", "m")
            first.close()
            self.assertTrue(retrain_consumer.ProcessedEvents(path).seen("e-1"))

    def test_a_failed_job_is_not_recorded(self):
        processed = retrain_consumer.ProcessedEvents(":memory:")
        value = json.dumps(EVENT).encode()
        self.assertEqual(retrain_consumer.handle(value, processed, "exit 3"), "failed")
        self.assertFalse(processed.seen(EVENT["event_id"]))

    def test_other_models_are_counted_apart(self):
        processed = retrain_consumer.ProcessedEvents(":memory:")
        self.assertEqual(retrain_consumer.handle(json.dumps(EVENT).encode(), processed, "true", ["other"]), "other_model")

    def test_a_record_that_cannot_be_read_is_never_skipped_silently(self):
        processed = retrain_consumer.ProcessedEvents(":memory:")
        for value in (b"\x00\x00\x00\x00\x01abc", b"not json", b"", None):
            with self.assertRaises(retrain_consumer.UndecodableRecord, msg=repr(value)):
                retrain_consumer.handle(value, processed, "true")
        self.assertFalse(processed.seen(EVENT["event_id"]))


if __name__ == "__main__":
    unittest.main()
