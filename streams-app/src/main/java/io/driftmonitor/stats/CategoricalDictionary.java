package io.driftmonitor.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bounded category list of a categorical baseline: the {@code k} most frequent reference values
 * (ties broken by the natural order of the strings, so the list is deterministic); every other
 * value, and every value a window brings that the baseline never saw, is counted in
 * {@link CategoricalHistogram#OTHER}. Nulls are missing values and never a category.
 */
public final class CategoricalDictionary {
    private CategoricalDictionary() {
    }

    /** The top-k categories of a reference sample. */
    public static List<String> topK(Iterable<String> reference, int k) {
        Map<String, Long> counts = new HashMap<>();
        for (String v : reference) {
            if (v != null) {
                counts.merge(v, 1L, Long::sum);
            }
        }
        return topK(counts, k);
    }

    /** The top-k categories of reference frequencies. */
    public static List<String> topK(Map<String, Long> frequencies, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative");
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(frequencies.entrySet());
        entries.removeIf(e -> e.getKey() == null || CategoricalHistogram.OTHER.equals(e.getKey()));
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, entries.size()); i++) {
            out.add(entries.get(i).getKey());
        }
        return out;
    }

    /** Share of the non-missing current values that never occur in the reference. */
    public static double newCategoryShare(Collection<String> reference, Collection<String> current) {
        Set<String> seen = new HashSet<>(reference);
        long present = 0;
        long unseen = 0;
        for (String v : current) {
            if (v == null) {
                continue;
            }
            present++;
            if (!seen.contains(v)) {
                unseen++;
            }
        }
        return present == 0 ? 0.0 : (double) unseen / present;
    }
}
