"""Publishes drifting predictions as Avro in the Confluent wire format with confluent_kafka,
registering the schema through the registry's REST API. Independent of any Java code.

usage: produce_avro.py BOOTSTRAP REGISTRY_URL TOPIC SCHEMA_FILE MODEL T0 WINDOW_MS
"""
import io
import json
import random
import struct
import sys
import urllib.request

import avro.io
import avro.schema
from confluent_kafka import Producer

bootstrap, registry, topic, schema_file, model, t0, window = sys.argv[1:8]
t0, window = int(t0), int(window)
schema_text = open(schema_file).read()
request = urllib.request.Request(
    registry.rstrip("/") + "/subjects/" + topic + "-value/versions",
    data=json.dumps({"schema": schema_text}).encode(),
    headers={"Content-Type": "application/vnd.schemaregistry.v1+json"}, method="POST")
schema_id = json.load(urllib.request.urlopen(request))["id"]
writer = avro.io.DatumWriter(avro.schema.parse(schema_text))

producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
rng = random.Random(7)
n = 0
for w, count in enumerate([500, 500, 500, 20]):
    shift = 0 if w == 0 else 2
    for i in range(count):
        event = {"prediction_id": "py-%d" % n, "model_id": model, "model_version": "1", "deployment": "champion",
                 "timestamp": t0 + w * window + i * (window // count),
                 "features": {"income": 50000 + 10000 * (rng.gauss(0, 1) + shift), "region": rng.choice(["n", "s"])},
                 "score": rng.random(), "scores": None, "predicted_label": None, "embedding": None, "tags": {},
                 "label": None, "label_value": None}
        buf = io.BytesIO()
        buf.write(b"\x00" + struct.pack(">I", schema_id))
        writer.write(event, avro.io.BinaryEncoder(buf))
        producer.produce(topic, key=event["prediction_id"], value=buf.getvalue())
        n += 1
    producer.flush()
print(n)
