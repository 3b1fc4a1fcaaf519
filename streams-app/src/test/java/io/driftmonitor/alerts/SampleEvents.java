package io.driftmonitor.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.driftmonitor.serde.JsonRecordCodec;

/** Output events as the monitor writes them in JSON, for the alert tests. */
final class SampleEvents {
    /** 2026-12-02T10:58:30Z. */
    static final long T0 = 1_796_209_110_000L;

    static final String RETRAIN = """
        {"event_id":"bb4f7616-1407-3de6-af60-3baefd61acd7","model_id":"fraud-classifier","model_version":"2026.11.1",
         "triggered_at":%d,"window_end":%d,"trigger":"drift",
         "reasons":[{"signal":"feature:merchant_type","segment":null,"metric":"psi","value":1.3125,"threshold":0.25,
                     "windows":[%d,%d]}],
         "training_data":{"topic":"predictions","partitions":[{"partition":0,"from_offset":786,"to_offset":2128}],
                          "from_time":%d,"to_time":%d,"upsample_segments":[]},
         "baseline_version":1,"policy":"default-psi","next_allowed_at":%d,"estimated_cost":200.0}
        """.formatted(T0 + 10_000, T0 + 10_000, T0 - 10_000, T0, T0 - 10_000, T0 + 10_000, T0 + 70_000);

    static final String PROMOTION = """
        {"event_id":"2e704d23-0000-3000-8000-000000000001","model_id":"fraud-classifier","champion_version":"2026.11.1",
         "challenger_version":"2026.11.2-shadow","strategy":"shadow","metric":"accuracy","champion_value":0.7712,
         "challenger_value":0.9431,"p_value":3.7e-21,"n":1780,"decision":"promote","decided_at":%d,"window_end":%d,
         "experiment_id":"2e704d23-0000-3000-8000-000000000001","looks":1,"disagreement_rate":0.141}
        """.formatted(T0 + 10_000, T0 + 10_000);

    static String windowReport(String status) {
        return """
            {"event_id":"wr-1","model_id":"price-regressor","model_version":null,"window_start":%d,"window_end":%d,
             "status":"%s","window_count":1000,"baseline_version":1,"late_records":0,"signals_evaluated":130,
             "signals_warn":3,"signals_drift":1,"features_evaluated":25,"features_drift":0,"dataset_drift_share":0.0,
             "dataset_drift":false,"importance_weighted_drift":null,
             "drivers":[{"signal":"score","segment":"country=DE","metric":"psi","value":2.391,"threshold":0.25,
                         "p_value":1.0E-12,"status":"drift","effect":9.56,"importance":null},
                        {"signal":"feature:a<b>&c","segment":null,"metric":"psi","value":0.12,"threshold":0.25,
                         "p_value":0.01,"status":"warn","effect":0.48,"importance":null}],
             "segments_drifting":["country=DE"],"data_quality":[],"performance_estimate":{},"multivariate":[],"embedding":[]}
            """.formatted(T0, T0 + 10_000, status);
    }

    static AlertEvent event(AlertKind kind, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new AlertDecoder(null).decode(kind, "topic", 0, 0, bytes);
    }

    static byte[] bytes(String json) {
        try {
            return JsonRecordCodec.mapper().writeValueAsBytes(JsonRecordCodec.mapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SampleEvents() {
    }
}
