package io.driftmonitor.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of a categorical signal over a fixed, bounded list of categories (the baseline's most
 * frequent ones). The last bin, {@link #OTHER}, holds every value not in the list: unseen categories
 * in a window, the long tail in a baseline. Null counts as missing. Merges by adding counts.
 */
public final class CategoricalHistogram {
    /** Name of the bin that holds every category not in the list. */
    public static final String OTHER = "__other__";

    private final String[] categories;
    private final Map<String, Integer> index;
    private final long[] counts;
    private long missing;
    /**
     * Value instances seen before and their bins, one per slot of the value's (cached) string hash,
     * matched by identity before the table lookup: the reader hands out one instance per distinct
     * value, so a record's category is mostly one pointer comparison that the processor predicts
     * (a search through the last few values mispredicted where it stopped). Not part of the
     * histogram's value.
     */
    private final String[] seen = new String[SEEN];
    private final int[] seenBin = new int[SEEN];
    private static final int SEEN = 32;

    /** @param categories the named categories; the {@link #OTHER} bin is added after them */
    public CategoricalHistogram(List<String> categories) {
        this(categories.toArray(String[]::new), null, 0);
    }

    private CategoricalHistogram(String[] categories, long[] counts, long missing) {
        if (Arrays.asList(categories).contains(OTHER)) {
            throw new IllegalArgumentException(OTHER + " is reserved");
        }
        this.categories = categories;
        this.index = new HashMap<>(categories.length * 2);
        for (int i = 0; i < categories.length; i++) {
            if (index.put(categories[i], i) != null) {
                throw new IllegalArgumentException("duplicate category " + categories[i]);
            }
        }
        this.counts = counts == null ? new long[categories.length + 1] : counts;
        this.missing = missing;
    }

    /** Rebuilds a histogram from its parts; {@code counts} has one entry more than {@code categories} (other). */
    public static CategoricalHistogram of(List<String> categories, long[] counts, long missing) {
        if (counts.length != categories.size() + 1) {
            throw new IllegalArgumentException("expected " + (categories.size() + 1) + " counts, got " + counts.length);
        }
        return new CategoricalHistogram(categories.toArray(String[]::new), counts.clone(), missing);
    }

    public void add(String value) {
        if (value == null) {
            missing++;
            return;
        }
        int slot = value.hashCode() & (SEEN - 1);
        if (seen[slot] == value) {
            counts[seenBin[slot]]++;
            return;
        }
        Integer i = index.get(value);
        int bin = i == null ? categories.length : i;
        counts[bin]++;
        seen[slot] = value;
        seenBin[slot] = bin;
    }

    public void addMissing() {
        missing++;
    }

    public void merge(CategoricalHistogram other) {
        if (!Arrays.equals(categories, other.categories)) {
            throw new IllegalArgumentException("cannot merge histograms over different categories");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        missing += other.missing;
    }

    public CategoricalHistogram copy() {
        return new CategoricalHistogram(categories, counts.clone(), missing);
    }

    public List<String> categories() {
        return List.of(categories);
    }

    /** The counts of the named categories followed by the {@link #OTHER} count. */
    public long[] counts() {
        return counts.clone();
    }

    public long other() {
        return counts[categories.length];
    }

    public long counted() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    public long missing() {
        return missing;
    }

    public long total() {
        return counted() + missing;
    }
}
