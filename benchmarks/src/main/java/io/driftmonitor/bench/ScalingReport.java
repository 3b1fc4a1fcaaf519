package io.driftmonitor.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The scaling runs, grouped by what they vary, and the memory per (model x window x signal). */
record ScalingReport(List<Scaling.Series> series, MemoryFootprint memory) {

    String toTable() {
        StringBuilder b = new StringBuilder();
        for (Scaling.Series s : series) {
            b.append(s.title()).append('\n');
            double first = s.runs().get(0).recordsPerSecond();
            for (int i = 0; i < s.runs().size(); i++) {
                RunResult r = s.runs().get(i);
                b.append(String.format("  %-12s %10.0f records/s  x%.2f  CPU %6.2f s  stream threads %6.2f s  broker %5.2f s%n",
                    s.labels().get(i), r.recordsPerSecond(), r.recordsPerSecond() / first, r.cpuSeconds(),
                    r.cpuByThread().get("stream_threads"), r.cpuByThread().get("broker")));
            }
        }
        b.append(String.format("memory per (model x window x signal): %.0f bytes of heap, %.0f bytes encoded "
                + "(%d windows x %d signals, %d records each)%n", memory.heapBytesPerSignal(), memory.encodedBytesPerSignal(),
            memory.windows(), memory.signalsPerWindow(), MemoryFootprint.RECORDS_PER_WINDOW));
        return b.toString();
    }

    String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Scaling.Series s : series) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", s.title());
            m.put("labels", s.labels());
            m.put("runs", s.runs().stream().map(RunResult::toMap).toList());
            out.add(m);
        }
        root.put("series", out);
        root.put("memory", memory.toMap());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
