"""Publishes JSON manual retrain requests with confluent_kafka and the producer's default settings
(librdkafka's consistent_random partitioner: CRC32 of the key, a random partition without one).
For every model, one request keyed by the model id and one with no key. Independent of any Java code.

usage: produce_retrain_requests.py BOOTSTRAP TOPIC PREFIX MODEL [MODEL ...]
(request ids "<PREFIX>-<MODEL>-keyed" and "<PREFIX>-<MODEL>-unkeyed")
"""
import json
import sys
import time

from confluent_kafka import Producer

bootstrap, topic, prefix = sys.argv[1:4]
models = sys.argv[4:]
producer = Producer({"bootstrap.servers": bootstrap})
n = 0
for model in models:
    for kind, key in (("keyed", model), ("unkeyed", None)):
        request = {"model_id": model, "request_id": "%s-%s-%s" % (prefix, model, kind),
                   "reason": "new training data from python", "requested_by": "python",
                   "requested_at": int(time.time() * 1000)}
        producer.produce(topic, key=key, value=json.dumps(request).encode())
        n += 1
producer.flush()
print(n)
