"""Decode drift-monitor output records (retrain-events, drift-events, promotion-events, ...).

A value is JSON (``output.format: json``, the default) or Avro in the Confluent wire format
(``output.format: avro``: magic byte 0, a 4-byte schema id, Avro binary), whose writer schema is
fetched once per id from any Confluent-compatible schema registry (Confluent, Apicurio ``ccompat``,
Karapace, Redpanda). Both decode to the same dict: the monitor's JSON uses the Avro field names, and
a union value is the value itself.

Only the Python standard library is used (no avro or fastavro package is needed):

    registry = RegistryClient("https://registry:8081", basic_auth="user:password")
    event = decode(msg.value(), registry)      # raises UndecodableRecord, never returns None

A record that cannot be decoded raises ``UndecodableRecord`` with the reason; a consumer should stop
(or dead-letter it explicitly) rather than commit past it.
"""

import base64
import json
import ssl
import struct
import urllib.error
import urllib.request


class UndecodableRecord(Exception):
    """A record value that is neither the monitor's JSON nor Avro the registry can describe."""


class RegistryClient:
    """Reads writer schemas by id from a Confluent-compatible schema registry, with a cache."""

    def __init__(self, url, basic_auth=None, ca_file=None, timeout=10.0):
        self._url = url.rstrip("/")
        self._headers = {"Accept": "application/vnd.schemaregistry.v1+json, application/json"}
        if basic_auth:
            token = base64.b64encode(basic_auth.encode("utf-8")).decode("ascii")
            self._headers["Authorization"] = "Basic " + token
        self._context = ssl.create_default_context(cafile=ca_file) if ca_file else None
        self._timeout = timeout
        self._schemas = {}

    def schema(self, schema_id):
        """The parsed writer schema with this id."""
        if schema_id not in self._schemas:
            request = urllib.request.Request("%s/schemas/ids/%d" % (self._url, schema_id), headers=self._headers)
            try:
                with urllib.request.urlopen(request, timeout=self._timeout, context=self._context) as response:
                    body = json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as e:
                raise UndecodableRecord("schema id %d: the registry answered %d %s" % (schema_id, e.code, e.reason))
            except (urllib.error.URLError, OSError) as e:
                # Not the record's fault: let the caller retry instead of treating the record as bad.
                raise ConnectionError("schema registry %s unreachable: %s" % (self._url, e))
            self._schemas[schema_id] = json.loads(body["schema"])
        return self._schemas[schema_id]


def decode(value, registry=None):
    """The record value as a dict; raises UndecodableRecord (or ConnectionError when the registry is down)."""
    if value is None or len(value) == 0:
        raise UndecodableRecord("empty value (a tombstone?)")
    if value[:1] == b"\x00":
        if len(value) < 5:
            raise UndecodableRecord("Avro wire format cut short: %d bytes" % len(value))
        schema_id = struct.unpack(">I", value[1:5])[0]
        if registry is None:
            raise UndecodableRecord("Avro record (schema id %d) and no schema registry configured" % schema_id)
        reader = _Reader(value, 5)
        try:
            result = reader.read(registry.schema(schema_id), {})
        except (IndexError, struct.error, UnicodeDecodeError, KeyError, ValueError) as e:
            raise UndecodableRecord("Avro record (schema id %d) does not match its schema: %s" % (schema_id, e))
        if reader.pos != len(value):
            raise UndecodableRecord("Avro record (schema id %d): %d bytes left over" % (schema_id, len(value) - reader.pos))
        return result
    if value[:1] in (b"{", b" ", b"\n"):
        try:
            return json.loads(value)
        except ValueError as e:
            raise UndecodableRecord("not valid JSON: %s" % e)
    raise UndecodableRecord("neither JSON nor the Confluent wire format (first byte 0x%02x)" % value[0])


class _Reader:
    """Avro binary decoding (the specification's encoding of every type) against a writer schema."""

    def __init__(self, data, pos):
        self.data = data
        self.pos = pos

    def _long(self):
        shift, result = 0, 0
        while True:
            b = self.data[self.pos]
            self.pos += 1
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return (result >> 1) ^ -(result & 1)
            shift += 7
            if shift > 63:
                raise ValueError("varint too long")

    def _bytes(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError("length %d beyond the record" % n)
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def read(self, schema, named, namespace=None):
        if isinstance(schema, list):
            index = self._long()
            if not 0 <= index < len(schema):
                raise ValueError("union index %d of %d" % (index, len(schema)))
            return self.read(schema[index], named, namespace)
        if isinstance(schema, str):
            if schema in _PRIMITIVES:
                return self._primitive(schema)
            full = schema if "." in schema or namespace is None else namespace + "." + schema
            return self.read(named[full] if full in named else named[schema], named, namespace)
        kind = schema["type"]
        if kind in _PRIMITIVES:
            return self._primitive(kind)
        if kind in ("record", "error", "enum", "fixed"):
            ns = schema.get("namespace", namespace)
            name = schema["name"]
            full = name if "." in name or not ns else ns + "." + name
            named[full] = schema
            named.setdefault(name, schema)
            if kind == "enum":
                return schema["symbols"][self._long()]
            if kind == "fixed":
                return self._bytes(schema["size"])
            return {f["name"]: self.read(f["type"], named, ns) for f in schema["fields"]}
        if kind == "array":
            items = []
            for _ in self._blocks():
                items.append(self.read(schema["items"], named, namespace))
            return items
        if kind == "map":
            entries = {}
            for _ in self._blocks():
                key = self._bytes(self._long()).decode("utf-8")
                entries[key] = self.read(schema["values"], named, namespace)
            return entries
        raise ValueError("unknown Avro type %r" % (kind,))

    def _blocks(self):
        while True:
            count = self._long()
            if count == 0:
                return
            if count < 0:
                count = -count
                self._long()  # the block's size in bytes
            for _ in range(count):
                yield None

    def _primitive(self, kind):
        if kind == "null":
            return None
        if kind == "boolean":
            return self._bytes(1) != b"\x00"
        if kind in ("int", "long"):
            return self._long()
        if kind == "float":
            return struct.unpack("<f", self._bytes(4))[0]
        if kind == "double":
            return struct.unpack("<d", self._bytes(8))[0]
        if kind == "bytes":
            return self._bytes(self._long())
        return self._bytes(self._long()).decode("utf-8")


_PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")


def main(argv=None):
    """Decodes record values given as files: python3 drift_events.py [--schema-registry URL] FILE..."""
    import argparse
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--schema-registry")
    parser.add_argument("--schema-registry-auth", help="user:password")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    registry = RegistryClient(args.schema_registry, args.schema_registry_auth) if args.schema_registry else None
    for name in args.files:
        with open(name, "rb") as f:
            print(json.dumps(decode(f.read(), registry), sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
