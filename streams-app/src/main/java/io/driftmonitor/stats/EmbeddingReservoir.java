package io.driftmonitor.stats;

import java.util.Arrays;

/**
 * A bounded, mergeable sample of vectors: the {@code capacity} vectors with the smallest 64-bit
 * hash of their record's id (bottom-k sampling). The hash is a function of the record alone, so the
 * sample of a window does not depend on how its records were split across partitions, flushes or
 * replays: merging the samples of two parts gives exactly the sample of the whole. For ids that
 * hash uniformly it is a uniform sample without replacement.
 */
public final class EmbeddingReservoir {
    private final int dimension;
    private final int capacity;
    private final long[] hashes;
    private final float[][] vectors;
    private int size;

    public EmbeddingReservoir(int dimension, int capacity) {
        if (dimension < 1 || capacity < 1) {
            throw new IllegalArgumentException("need dimension >= 1 and capacity >= 1");
        }
        this.dimension = dimension;
        this.capacity = capacity;
        this.hashes = new long[capacity];
        this.vectors = new float[capacity][];
    }

    /** The 64-bit hash of a record id used for sampling (FNV-1a over the UTF-16 chars, then SplitMix64's finaliser). */
    public static long hash(CharSequence id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** Offers a vector (copied when kept); {@code vector.length} must be the dimension. */
    public void offer(long hash, float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector of dimension " + vector.length + ", expected " + dimension);
        }
        if (size == capacity && Long.compareUnsigned(hash, hashes[size - 1]) >= 0) {
            return;
        }
        insert(hash, vector.clone());
    }

    private void insert(long hash, float[] kept) {
        int at = size;
        while (at > 0 && Long.compareUnsigned(hashes[at - 1], hash) > 0) {
            at--;
        }
        int last = Math.min(size, capacity - 1);
        System.arraycopy(hashes, at, hashes, at + 1, last - at);
        System.arraycopy(vectors, at, vectors, at + 1, last - at);
        hashes[at] = hash;
        vectors[at] = kept;
        size = Math.min(size + 1, capacity);
    }

    /** Adds another sample of the same dimension (vectors are shared, never mutated). */
    public void merge(EmbeddingReservoir other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("cannot merge samples of different dimensions");
        }
        for (int i = 0; i < other.size; i++) {
            if (size == capacity && Long.compareUnsigned(other.hashes[i], hashes[size - 1]) >= 0) {
                break; // other's hashes are sorted: nothing further can enter
            }
            insert(other.hashes[i], other.vectors[i]);
        }
    }

    public EmbeddingReservoir copy() {
        EmbeddingReservoir c = new EmbeddingReservoir(dimension, capacity);
        c.merge(this);
        return c;
    }

    /** Restores a stored sample: hashes in increasing unsigned order. */
    public void restore(long hash, float[] vector) {
        insert(hash, vector);
    }

    public int dimension() {
        return dimension;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public long hashAt(int i) {
        return hashes[i];
    }

    /** The i-th kept vector (do not modify). */
    public float[] vectorAt(int i) {
        return vectors[i];
    }

    /** The kept vectors, in hash order. */
    public float[][] vectors() {
        return Arrays.copyOf(vectors, size);
    }
}
