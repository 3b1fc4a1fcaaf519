package io.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

class CategoricalHistogramTest {
    private static final List<String> CATEGORIES = List.of("a", "b", "c", "d");

    @Provide
    Arbitrary<List<String>> values() {
        // Up to 30 distinct values (more than the identity cache holds), some outside the categories, some null.
        return Arbitraries.integers().between(0, 29).map(i -> "abcd".length() > i ? String.valueOf("abcd".charAt(i)) : "x" + i)
            .injectNull(0.05).list().ofMaxSize(300);
    }

    /** The bins are those of a plain lookup, whether a value comes as the same instance each time or as a new one. */
    @Property(tries = 200)
    void countsEveryValueInItsBin(@ForAll("values") List<String> values) {
        CategoricalHistogram shared = new CategoricalHistogram(CATEGORIES);
        CategoricalHistogram fresh = new CategoricalHistogram(CATEGORIES);
        long[] expected = new long[CATEGORIES.size() + 1];
        long missing = 0;
        for (String v : values) {
            shared.add(v == null ? null : v.intern());
            fresh.add(v == null ? null : new String(v));
            if (v == null) {
                missing++;
            } else {
                int i = CATEGORIES.indexOf(v);
                expected[i < 0 ? CATEGORIES.size() : i]++;
            }
        }
        assertThat(shared.counts()).containsExactly(expected);
        assertThat(fresh.counts()).containsExactly(expected);
        assertThat(shared.counted() - fresh.counted()).isZero();
        assertThat(missing).isEqualTo(values.stream().filter(java.util.Objects::isNull).count());
    }
}
