"""Unit tests of drift_events.py: python3 -m unittest discover examples/python"""

import json
import os
import struct
import sys
import threading
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drift_events  # noqa: E402

SCHEMA = {
    "type": "record", "name": "RetrainEvent", "namespace": "io.driftmonitor.schema",
    "fields": [
        {"name": "event_id", "type": "string"},
        {"name": "window_end", "type": "long"},
        {"name": "trigger", "type": {"type": "enum", "name": "Trigger", "symbols": ["drift", "performance", "manual"]}},
        {"name": "estimated_cost", "type": ["null", "double"]},
        {"name": "reasons", "type": {"type": "array", "items": {
            "type": "record", "name": "Reason", "fields": [
                {"name": "signal", "type": "string"}, {"name": "value", "type": "double"}]}}},
        {"name": "again", "type": ["null", "Reason"]},
        {"name": "tags", "type": {"type": "map", "values": "string"}},
        {"name": "flag", "type": "boolean"},
    ],
}


def zigzag(n):
    n = (n << 1) ^ (n >> 63)
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def text(s):
    data = s.encode("utf-8")
    return zigzag(len(data)) + data


def wire(schema_id, body):
    return b"\x00" + struct.pack(">I", schema_id) + body


# The Avro encoding of one RetrainEvent, written out by hand from the specification.
BODY = (text("e-1") + zigzag(1795431520000) + zigzag(0) + zigzag(1) + struct.pack("<d", 200.0)
        + zigzag(-1) + zigzag(9) + text("score") + struct.pack("<d", 0.5)  # one block of 1 item, with its size
        + zigzag(0)
        + zigzag(1) + text("feature:x") + struct.pack("<d", 1.5)
        + zigzag(1) + text("country") + text("DE") + zigzag(0)
        + b"\x01")
DECODED = {"event_id": "e-1", "window_end": 1795431520000, "trigger": "drift", "estimated_cost": 200.0,
           "reasons": [{"signal": "score", "value": 0.5}], "again": {"signal": "feature:x", "value": 1.5},
           "tags": {"country": "DE"}, "flag": True}


class Registry(BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        Registry.requests.append((self.path, self.headers.get("Authorization")))
        if self.path == "/schemas/ids/7":
            body = json.dumps({"schema": json.dumps(SCHEMA)}).encode()
            self.send_response(200)
        else:
            body = b'{"error_code": 40403, "message": "Schema not found"}'
            self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class DecodeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = HTTPServer(("127.0.0.1", 0), Registry)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.url = "http://127.0.0.1:%d" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def test_json_decodes_as_is(self):
        self.assertEqual(drift_events.decode(json.dumps(DECODED).encode()), DECODED)

    def test_avro_decodes_through_the_registry_once_per_schema_id(self):
        Registry.requests.clear()
        registry = drift_events.RegistryClient(self.url, basic_auth="user:secret")
        self.assertEqual(drift_events.decode(wire(7, BODY), registry), DECODED)
        self.assertEqual(drift_events.decode(wire(7, BODY), registry), DECODED)
        self.assertEqual(Registry.requests, [("/schemas/ids/7", "Basic dXNlcjpzZWNyZXQ=")])

    def test_avro_and_json_of_the_same_event_are_equal(self):
        registry = drift_events.RegistryClient(self.url)
        self.assertEqual(drift_events.decode(wire(7, BODY), registry),
                         drift_events.decode(json.dumps(DECODED).encode(), registry))

    def test_every_bad_record_raises_with_its_reason(self):
        registry = drift_events.RegistryClient(self.url)
        cases = {
            b"": "empty value",
            b"\x00\x00\x00": "cut short",
            wire(7, BODY[:-3]): "does not match its schema",
            wire(7, BODY + b"\x00"): "left over",
            wire(8, BODY): "404",
            b"garbage": "first byte 0x67",
            b"{not json": "not valid JSON",
        }
        for value, reason in cases.items():
            with self.assertRaises(drift_events.UndecodableRecord, msg=repr(value)) as raised:
                drift_events.decode(value, registry)
            self.assertIn(reason, str(raised.exception))
        with self.assertRaises(drift_events.UndecodableRecord) as raised:
            drift_events.decode(wire(7, BODY))
        self.assertIn("no schema registry configured", str(raised.exception))

    def test_an_unreachable_registry_is_not_a_bad_record(self):
        registry = drift_events.RegistryClient("http://127.0.0.1:9", timeout=2)
        with self.assertRaises(ConnectionError):
            drift_events.decode(wire(7, BODY), registry)


if __name__ == "__main__":
    unittest.main()
