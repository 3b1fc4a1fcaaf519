package io.driftmonitor.serde;

import java.util.Map;

import io.driftmonitor.config.MonitorConfig;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer of SpecificRecords and GenericRecords in the Confluent wire format. The schema is
 * registered (or, without auto-registration, looked up) under the subject of the naming strategy.
 * Configured by class name it reads {@code schema.registry.url}, {@code auto.register.schemas} and
 * {@code subject.name.strategy} (topic, record, topic_record).
 */
public final class WireFormatSerializer<T extends GenericContainer> implements Serializer<T> {
    private SchemaRegistry registry;
    private SubjectNameStrategy strategy = SubjectNameStrategy.TOPIC;
    private boolean autoRegister = true;
    private boolean isKey;

    public WireFormatSerializer() {
    }

    public WireFormatSerializer(SchemaRegistry registry, SubjectNameStrategy strategy, boolean autoRegister) {
        this.registry = registry;
        this.strategy = strategy;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            Object url = configs.get("schema.registry.url");
            if (url == null) {
                throw new IllegalArgumentException("schema.registry.url is required");
            }
            Object userInfo = configs.get("basic.auth.user.info");
            registry = SchemaRegistry.forConfig(MonitorConfig.SchemaRegistryConfig.builder().url(url.toString())
                .basicAuthUserInfo(userInfo == null ? null : userInfo.toString()).build());
        }
        Object auto = configs.get("auto.register.schemas");
        if (auto != null) {
            autoRegister = Boolean.parseBoolean(auto.toString());
        }
        Object s = configs.get("subject.name.strategy");
        if (s != null) {
            strategy = SubjectNameStrategy.parse(s.toString());
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        String subject = strategy.subject(topic, isKey, data.getSchema());
        int id = autoRegister ? registry.register(subject, data.getSchema()) : registry.lookup(subject, data.getSchema());
        return AvroWireFormat.encode(data, id);
    }
}
