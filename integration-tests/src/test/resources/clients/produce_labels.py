"""Publishes JSON labels with confluent_kafka exactly as the README shows: keyed by prediction id,
the producer's default settings (librdkafka's consistent_random partitioner, CRC32 of the key).
Independent of any Java code.

usage: produce_labels.py BOOTSTRAP TOPIC MODEL FIRST LAST TIMESTAMP
(labels for prediction ids FIRST..LAST-1, named "p-<n>", all "fraud")
"""
import json
import sys

from confluent_kafka import Producer

bootstrap, topic, model, first, last, timestamp = sys.argv[1:7]
producer = Producer({"bootstrap.servers": bootstrap})
n = 0
for i in range(int(first), int(last)):
    label = {"prediction_id": "p-%d" % i, "model_id": model, "timestamp": int(timestamp), "label": "fraud"}
    producer.produce(topic, key=label["prediction_id"], value=json.dumps(label).encode())
    n += 1
producer.flush()
print(n)
