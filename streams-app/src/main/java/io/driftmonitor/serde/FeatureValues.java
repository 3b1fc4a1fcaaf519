package io.driftmonitor.serde;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A prediction's features as the hot path reads them: names and values in the record's order, in
 * arrays, numbers unboxed. Records of one writer mostly list the same names in the same order, so the
 * reader hands consecutive records the same {@link #names()} array: whoever keeps per-feature state
 * (the signal names, a partial's accumulators) can recognise the layout by identity and index its
 * state by position, with no hashing per feature. Read-only; as a {@link Map} it equals any map of
 * the same entries (numbers boxed on demand), so the rest of the code sees an ordinary map.
 */
public final class FeatureValues extends AbstractMap<String, Object> {
    public static final byte MISSING = 0;
    public static final byte NUMBER = 1;
    public static final byte TEXT = 2;
    public static final byte BOOLEAN = 3;

    private final String[] names;
    private final byte[] kinds;
    private final double[] numbers;
    /** Strings and booleans by position; null where the value is a number or missing. */
    private final Object[] others;

    /** The arrays are owned by this map from here on; {@code names} may be shared with other records. */
    FeatureValues(String[] names, byte[] kinds, double[] numbers, Object[] others) {
        this.names = names;
        this.kinds = kinds;
        this.numbers = numbers;
        this.others = others;
    }

    /** The names in record order: the same array for consecutive records of the same layout. */
    public String[] names() {
        return names;
    }

    /** {@link #MISSING}, {@link #NUMBER}, {@link #TEXT} or {@link #BOOLEAN}. */
    public byte kind(int i) {
        return kinds[i];
    }

    public double number(int i) {
        return numbers[i];
    }

    /** The string of a {@link #TEXT} value, "true"/"false" for a {@link #BOOLEAN} one. */
    public String text(int i) {
        return others[i].toString();
    }

    /** The value at a position, boxed as Avro's own reader gives it. */
    public Object value(int i) {
        return switch (kinds[i]) {
            case NUMBER -> numbers[i];
            case TEXT, BOOLEAN -> others[i];
            default -> null;
        };
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
    }

    private int indexOf(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], value(i));
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }
}
