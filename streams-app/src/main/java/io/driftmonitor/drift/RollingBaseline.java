package io.driftmonitor.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.SignalBaseline;

/**
 * A rolling baseline: the counts of the previous K closed windows, summed over the bins of the
 * baseline they were compared with (its edges and categories stay; only the reference counts roll).
 * Windows are given as their drift events (plain maps, as kept for queries).
 */
public final class RollingBaseline {
    private RollingBaseline() {
    }

    /**
     * @param previous the baseline the windows were judged against (bins, kinds)
     * @param windows  each window's drift events; windows judged against other bins are skipped per signal
     * @return the next version, effective from {@code effectiveFrom}; null when no window contributed
     */
    public static Baseline next(Baseline previous, List<List<Map<String, Object>>> windows, long version, long createdAt,
                                long effectiveFrom) {
        Map<String, SignalBaseline.Builder> slices = new LinkedHashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, long[]> totals = new LinkedHashMap<>(); // {records, binned}
        for (SignalBaseline s : previous.getSignals()) {
            String key = key(s.getSegment(), s.getName());
            slices.put(key, SignalBaseline.newBuilder(s));
            counts.put(key, new long[s.getCounts().size()]);
            totals.put(key, new long[2]);
        }
        int used = 0;
        for (List<Map<String, Object>> events : windows) {
            boolean any = false;
            for (Map<String, Object> e : events) {
                String key = key((String) e.get("segment"), (String) e.get("signal"));
                long[] sum = counts.get(key);
                if (sum == null || !(e.get("window_counts") instanceof List<?> wc) || wc.size() != sum.length
                        || !sameBins(slices.get(key), e)) {
                    continue;
                }
                long binned = 0;
                for (int i = 0; i < sum.length; i++) {
                    long c = ((Number) wc.get(i)).longValue();
                    sum[i] += c;
                    binned += c;
                }
                totals.get(key)[0] += ((Number) e.get("window_count")).longValue();
                totals.get(key)[1] += binned;
                any = true;
            }
            used += any ? 1 : 0;
        }
        if (used == 0) {
            return null;
        }
        List<SignalBaseline> signals = new ArrayList<>();
        slices.forEach((key, b) -> {
            long[] t = totals.get(key);
            if (t[1] == 0) {
                signals.add(b.build()); // no window had this signal: keep its previous reference
                return;
            }
            List<Long> c = new ArrayList<>();
            for (long v : counts.get(key)) {
                c.add(v);
            }
            signals.add(b.setCounts(c).setTotal(t[0]).setMissing(t[0] - t[1]).setMean(null).setStd(null).build());
        });
        return Baseline.newBuilder()
            .setModelId(previous.getModelId())
            .setVersion(version)
            .setCreatedAt(createdAt)
            .setSource("rolling:" + used + "-windows")
            .setEffectiveFrom(effectiveFrom)
            .setSignals(signals)
            // The embedding reference does not roll: windows keep no vector sums once closed.
            .setEmbeddings(previous.getEmbeddings())
            // Nor does the multivariate one: closed windows keep no moments.
            .setMultivariate(previous.getMultivariate())
            .build();
    }

    private static boolean sameBins(SignalBaseline.Builder slice, Map<String, Object> event) {
        Object edges = event.get("edges");
        Object categories = event.get("categories");
        if (edges instanceof List<?> e) {
            return e.size() == slice.getEdges().size()
                && e.stream().map(x -> ((Number) x).doubleValue()).toList().equals(slice.getEdges());
        }
        return categories instanceof List<?> c && c.equals(slice.getCategories());
    }

    private static String key(String segment, String signal) {
        return (segment == null ? "" : segment) + "\u0000" + signal;
    }
}
