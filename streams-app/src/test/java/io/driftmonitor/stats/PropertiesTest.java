package io.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class PropertiesTest {
    private static final double[] EDGES = {-10, -1, 0, 0.5, 3, 100};
    private static final List<String> CATEGORIES = List.of("a", "b", "c");

    @Provide
    Arbitrary<List<Double>> values() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-50, 150),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -1.0, 100.0))
            .list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<long[]> counts() {
        return Arbitraries.longs().between(0, 1000).array(long[].class).ofSize(6)
            .filter(c -> java.util.Arrays.stream(c).sum() > 0);
    }

    @Provide
    Arbitrary<List<String>> words() {
        return Arbitraries.of("a", "b", "c", "d", "zz").injectNull(0.1).list().ofMaxSize(40);
    }

    @Property
    void numericMergeIsAssociativeAndCommutative(@ForAll("values") List<Double> a, @ForAll("values") List<Double> b,
                                                 @ForAll("values") List<Double> c) {
        NumericHistogram left = hist(a);
        NumericHistogram bc = hist(b);
        bc.merge(hist(c));
        left.merge(bc);
        NumericHistogram right = hist(c);
        NumericHistogram ba = hist(b);
        ba.merge(hist(a));
        right.merge(ba);
        assertThat(left.counts()).containsExactly(right.counts());
        assertThat(left.missing()).isEqualTo(right.missing());
        assertThat(left.positiveInfinity()).isEqualTo(right.positiveInfinity());
        assertThat(left.total()).isEqualTo(a.size() + b.size() + c.size());
        NumericHistogram single = new NumericHistogram(EDGES);
        a.forEach(single::add);
        b.forEach(single::add);
        c.forEach(single::add);
        assertThat(left.counts()).containsExactly(single.counts());
    }

    @Property
    void categoricalMergeIsAssociativeAndCommutative(@ForAll("words") List<String> a, @ForAll("words") List<String> b,
                                                     @ForAll("words") List<String> c) {
        CategoricalHistogram left = cats(a);
        CategoricalHistogram bc = cats(b);
        bc.merge(cats(c));
        left.merge(bc);
        CategoricalHistogram right = cats(c);
        CategoricalHistogram ba = cats(b);
        ba.merge(cats(a));
        right.merge(ba);
        assertThat(left.counts()).containsExactly(right.counts());
        assertThat(left.missing()).isEqualTo(right.missing());
        assertThat(left.total()).isEqualTo(a.size() + b.size() + c.size());
    }

    @Property
    void metricsAreZeroForIdenticalDistributions(@ForAll("counts") long[] c, @ForAll @DoubleRange(min = 1, max = 7) double factor) {
        long[] scaled = java.util.Arrays.stream(c).map(x -> x * (long) factor).toArray();
        assertThat(DriftMetrics.psi(c, scaled)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(DriftMetrics.kl(c, scaled)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(DriftMetrics.jensenShannon(c, scaled)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(DriftMetrics.hellinger(c, scaled)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(KolmogorovSmirnov.binned(c, scaled).statistic()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Wasserstein.binned(new double[] {0, 1, 2, 3, 4}, c, scaled)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ChiSquareTest.homogeneity(c, scaled).statistic()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Property
    void symmetricMetricsAreSymmetricAndBounded(@ForAll("counts") long[] a, @ForAll("counts") long[] b) {
        assertThat(DriftMetrics.psi(a, b)).isGreaterThanOrEqualTo(0.0).isCloseTo(DriftMetrics.psi(b, a), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(DriftMetrics.kl(a, b)).isGreaterThanOrEqualTo(-1e-12);
        assertThat(DriftMetrics.jensenShannon(a, b)).isBetween(0.0, 1.0).isCloseTo(DriftMetrics.jensenShannon(b, a), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(DriftMetrics.hellinger(a, b)).isBetween(0.0, 1.0 + 1e-12).isCloseTo(DriftMetrics.hellinger(b, a), org.assertj.core.data.Offset.offset(1e-12));
        ChiSquareTest.Result chi = ChiSquareTest.homogeneity(a, b);
        assertThat(chi.statistic()).isCloseTo(ChiSquareTest.homogeneity(b, a).statistic(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(chi.pValue()).isBetween(0.0, 1.0);
        KolmogorovSmirnov.BinnedResult ks = KolmogorovSmirnov.binned(a, b);
        assertThat(ks.pValue()).isBetween(0.0, 1.0);
        assertThat(ks.statistic()).isEqualTo(KolmogorovSmirnov.binned(b, a).statistic());
        assertThat(ks.upperBound()).isGreaterThanOrEqualTo(ks.statistic());
        double psi = DriftMetrics.psi(a, b);
        assertThat(DriftMetrics.psiPValue(psi, 100, 50, 6)).isBetween(0.0, 1.0);
        double[] edges = {0, 1, 2, 3, 4};
        assertThat(Wasserstein.binned(edges, a, b)).isCloseTo(Wasserstein.binned(edges, b, a), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Property(tries = 200)
    void rawKsPValuesAreProbabilitiesAndStatisticsSymmetric(@ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -5, max = 5) Double> a,
                                                            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -5, max = 5) Double> b) {
        double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.twoSample(x, y);
        assertThat(r.pValue()).isBetween(0.0, 1.0);
        assertThat(r.statistic()).isBetween(0.0, 1.0).isEqualTo(KolmogorovSmirnov.twoSample(y, x).statistic());
        assertThat(Wasserstein.distance(x, y)).isGreaterThanOrEqualTo(0.0)
            .isCloseTo(Wasserstein.distance(y, x), org.assertj.core.data.Offset.offset(1e-9));
    }

    private static NumericHistogram hist(List<Double> values) {
        NumericHistogram h = new NumericHistogram(EDGES);
        values.forEach(h::add);
        return h;
    }

    private static CategoricalHistogram cats(List<String> values) {
        CategoricalHistogram h = new CategoricalHistogram(CATEGORIES);
        values.forEach(h::add);
        return h;
    }

    @Provide
    Arbitrary<double[]> sortedEdges() {
        return Arbitraries.doubles().between(-1e6, 1e6).withSpecialValue(0.0).withSpecialValue(-0.0)
            .set().ofMinSize(1).ofMaxSize(60)
            .map(set -> set.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray())
            .filter(e -> { for (int i = 1; i < e.length; i++) { if (!(e[i - 1] < e[i])) { return false; } } return true; });
    }

    /** The linear count for short edge arrays gives the bin the binary search gives, zero signs included. */
    @Property
    void binIndexAgreesWithBinarySearch(@ForAll("sortedEdges") double[] edges,
                                        @ForAll @DoubleRange(min = -2e6, max = 2e6) double value) {
        int i = java.util.Arrays.binarySearch(edges, value);
        int expected = i >= 0 ? i + 1 : -i - 1;
        assertThat(NumericHistogram.binIndex(edges, value)).isEqualTo(expected);
        for (double e : edges) {
            int j = java.util.Arrays.binarySearch(edges, e);
            assertThat(NumericHistogram.binIndex(edges, e)).as("edge %s", e).isEqualTo(j + 1);
            assertThat(NumericHistogram.binIndex(edges, Math.nextDown(e))).isEqualTo(j);
        }
    }
}
