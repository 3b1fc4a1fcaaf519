package io.driftmonitor.promotion;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How often two roles' predicted labels differ, from what the monitor keeps: per role, the counts of
 * predicted labels in a window, not which label each role gave to each request. For any pairing of
 * the two roles' predictions, P(labels differ) &gt;= TV(p, q) = 1/2 sum |p_k - q_k|, the total
 * variation distance between their predicted-label distributions, with equality for the pairing that
 * agrees as often as the distributions allow. The rate reported is this lower bound: 0 means the
 * distributions are the same (the roles may still disagree request by request), 0.3 means they
 * disagree on at least 30 % of the requests.
 */
public final class Disagreement {
    private Disagreement() {
    }

    /** TV(p, q) of two count maps; null when either is empty. */
    public static Double lowerBound(Map<String, Long> a, Map<String, Long> b) {
        long na = a.values().stream().mapToLong(Long::longValue).sum();
        long nb = b.values().stream().mapToLong(Long::longValue).sum();
        if (na == 0 || nb == 0) {
            return null;
        }
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        double sum = 0;
        for (String k : keys) {
            sum += Math.abs((double) a.getOrDefault(k, 0L) / na - (double) b.getOrDefault(k, 0L) / nb);
        }
        return sum / 2;
    }
}
