package io.driftmonitor.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.datasketches.filters.bloomfilter.BloomFilter;
import org.apache.datasketches.filters.bloomfilter.BloomFilterBuilder;
import org.apache.datasketches.memory.Memory;

/**
 * Every category a baseline contains, so that a window can tell a <em>new</em> category from the
 * baseline's long tail (both land in {@link CategoricalHistogram#OTHER} when the dictionary is
 * top-k). Up to {@code maxExact} distinct values are kept exactly; a larger vocabulary is kept in an
 * Apache DataSketches Bloom filter with false-positive probability {@code fpp}, so a new category
 * is missed (reported as known) with probability at most fpp and the new-category share is
 * underestimated by at most that fraction. Serialised with a version byte.
 */
public final class BaselineVocabulary {
    public static final byte FORMAT_VERSION = 1;
    private static final long SEED = 0x0D1F7L;

    private final Set<String> exact;
    private final BloomFilter bloom;

    private BaselineVocabulary(Set<String> exact, BloomFilter bloom) {
        this.exact = exact;
        this.bloom = bloom;
    }

    /** The vocabulary of baseline values (nulls ignored). */
    public static BaselineVocabulary of(Iterable<String> values, int maxExact, double fpp) {
        Set<String> distinct = new HashSet<>();
        for (String v : values) {
            if (v != null) {
                distinct.add(v);
            }
        }
        if (distinct.size() <= maxExact) {
            return new BaselineVocabulary(distinct, null);
        }
        BloomFilter filter = BloomFilterBuilder.createByAccuracy(distinct.size(), fpp, SEED);
        distinct.forEach(filter::update);
        return new BaselineVocabulary(null, filter);
    }

    /** Whether the baseline (probably, for a Bloom filter) contains the value. */
    public boolean contains(String value) {
        if (value == null) {
            return true;
        }
        return exact != null ? exact.contains(value) : bloom.query(value);
    }

    public boolean isExact() {
        return exact != null;
    }

    public byte[] toByteArray() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeBoolean(exact != null);
            if (exact != null) {
                out.writeInt(exact.size());
                for (String v : exact.stream().sorted().toList()) {
                    byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            } else {
                byte[] b = bloom.toByteArray();
                out.writeInt(b.length);
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static BaselineVocabulary fromByteArray(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown vocabulary format version " + version);
            }
            if (in.readBoolean()) {
                int n = in.readInt();
                Set<String> set = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    byte[] utf8 = new byte[in.readInt()];
                    in.readFully(utf8);
                    set.add(new String(utf8, StandardCharsets.UTF_8));
                }
                return new BaselineVocabulary(set, null);
            }
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return new BaselineVocabulary(null, BloomFilter.heapify(Memory.wrap(b)));
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt vocabulary", e);
        }
    }
}
