package io.driftmonitor.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftmonitor.stats.CategoricalDictionary;
import io.driftmonitor.stats.CategoricalHistogram;
import io.driftmonitor.stats.ChiSquareTest;
import io.driftmonitor.stats.DecisionRule;
import io.driftmonitor.stats.DriftDecider;
import io.driftmonitor.stats.DriftMetric;
import io.driftmonitor.stats.DriftMetrics;
import io.driftmonitor.stats.DriftStatus;
import io.driftmonitor.stats.KolmogorovSmirnov;
import io.driftmonitor.stats.NumericHistogram;
import io.driftmonitor.stats.QuantileEdges;
import io.driftmonitor.stats.Wasserstein;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline comparison of two CSV files, column by column, with the same statistics code the
 * stream uses: quantile edges from the reference ({@link QuantileEdges}), the binned metrics of
 * {@link DriftMetrics} and {@link ChiSquareTest} on the histogram counts, and, because raw values are
 * at hand, the exact raw-sample Kolmogorov-Smirnov test and Wasserstein distance.
 *
 * <p>Kinds: a column is numeric when every non-missing reference value is a number (decimal or
 * inf/-inf); otherwise categorical. Overrides force a kind. A value of the current file that is not
 * a number in a numeric column is an error naming its line.
 */
public final class DatasetComparison {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Options of a comparison. */
    public record Options(int bins, List<String> columns, Set<String> forceNumeric, Set<String> forceCategorical,
                          int maxCategories, long minSampleSize, Binning binning) {
        public Options(int bins, List<String> columns, Set<String> forceNumeric, Set<String> forceCategorical,
                       int maxCategories, long minSampleSize) {
            this(bins, columns, forceNumeric, forceCategorical, maxCategories, minSampleSize, Binning.QUANTILE);
        }

        public Options {
            if (bins < 1) {
                throw new IllegalArgumentException("--bins must be at least 1");
            }
            if (maxCategories < 1) {
                throw new IllegalArgumentException("--max-categories must be at least 1");
            }
            Set<String> both = new java.util.HashSet<>(forceNumeric);
            both.retainAll(forceCategorical);
            if (!both.isEmpty()) {
                throw new IllegalArgumentException("columns both numeric and categorical: " + both);
            }
        }
    }

    /** How numeric columns are binned. */
    public enum Binning {
        /** Quantiles of the reference, as the stream does (default). */
        QUANTILE,
        /** Evidently's PSI bins and floor ({@link EvidentlyBinning}). */
        EVIDENTLY
    }

    private DatasetComparison() {
    }

    /** {@code {"columns": [...]}} for the selected columns (all reference columns by default). */
    public static ObjectNode compare(CsvTable reference, CsvTable current, Options options) throws CsvFormatException {
        return compare(reference, current, options, (done, total) -> { });
    }

    /** Reports the columns compared so far, after each one. */
    public interface ColumnProgress {
        void compared(int done, int total);
    }

    /** As {@link #compare(CsvTable, CsvTable, Options)}, telling {@code progress} after each column. */
    public static ObjectNode compare(CsvTable reference, CsvTable current, Options options, ColumnProgress progress)
            throws CsvFormatException {
        List<String> names = options.columns() == null || options.columns().isEmpty()
            ? reference.header() : options.columns();
        for (String name : names) {
            if (reference.columnIndex(name) < 0) {
                throw new CsvFormatException(reference.source() + ": no column '" + name + "' in the header");
            }
            if (current.columnIndex(name) < 0) {
                throw new CsvFormatException(current.source() + ": no column '" + name + "' in the header");
            }
        }
        for (String forced : union(options.forceNumeric(), options.forceCategorical())) {
            if (!names.contains(forced)) {
                throw new CsvFormatException("column '" + forced + "' given as numeric/categorical is not compared");
            }
        }
        ObjectNode root = JSON.objectNode();
        ArrayNode columns = root.putArray("columns");
        int done = 0;
        for (String name : names) {
            ColumnKind kind = kind(reference, name, options);
            columns.add(kind == ColumnKind.NUMERIC
                ? numeric(reference, current, name, options)
                : categorical(reference, current, name, options));
            progress.compared(++done, names.size());
        }
        return root;
    }

    private static Collection<String> union(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static ColumnKind kind(CsvTable table, String name, Options options) {
        if (options.forceNumeric().contains(name)) {
            return ColumnKind.NUMERIC;
        }
        if (options.forceCategorical().contains(name)) {
            return ColumnKind.CATEGORICAL;
        }
        int col = table.columnIndex(name);
        boolean any = false;
        for (int r = 0; r < table.size(); r++) {
            String cell = table.value(r, col);
            if (CellValues.isMissing(cell)) {
                continue;
            }
            if (!CellValues.isNumber(cell)) {
                return ColumnKind.CATEGORICAL;
            }
            any = true;
        }
        return any ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL;
    }

    private static double[] numbers(CsvTable table, String name) throws CsvFormatException {
        int col = table.columnIndex(name);
        double[] out = new double[table.size()];
        for (int r = 0; r < out.length; r++) {
            String cell = table.value(r, col);
            try {
                out[r] = CellValues.parse(cell);
            } catch (NumberFormatException e) {
                throw new CsvFormatException(table.source() + " line " + table.line(r) + ": column '" + name
                    + "' is numeric but the value '" + cell + "' is not a number");
            }
        }
        return out;
    }

    private static List<String> strings(CsvTable table, String name) {
        int col = table.columnIndex(name);
        List<String> out = new ArrayList<>(table.size());
        for (int r = 0; r < table.size(); r++) {
            String cell = table.value(r, col);
            out.add(CellValues.isMissing(cell) ? null : cell);
        }
        return out;
    }

    private static ObjectNode numeric(CsvTable reference, CsvTable current, String name, Options options)
        throws CsvFormatException {
        double[] ref = numbers(reference, name);
        double[] cur = numbers(current, name);
        double[] edges = options.binning() == Binning.EVIDENTLY
            ? EvidentlyBinning.edges(ref, cur) : QuantileEdges.fromSample(ref, options.bins());
        NumericHistogram rh = new NumericHistogram(edges);
        NumericHistogram ch = new NumericHistogram(edges);
        for (double v : ref) {
            rh.add(v);
        }
        for (double v : cur) {
            ch.add(v);
        }
        long[] rc = rh.counts();
        long[] cc = ch.counts();
        long n = rh.binned();
        long m = ch.binned();
        ObjectNode out = header(name, ColumnKind.NUMERIC, n, m, rh.missing(), ch.missing());
        ObjectNode infinite = out.putObject("infinite");
        infinite.put("reference", rh.negativeInfinity() + rh.positiveInfinity());
        infinite.put("current", ch.negativeInfinity() + ch.positiveInfinity());
        ArrayNode e = out.putArray("edges");
        for (double edge : edges) {
            e.add(edge);
        }
        counts(out, rc, cc);
        ObjectNode metrics = out.putObject("metrics");
        Map<DriftMetric, DriftStatus> status = new LinkedHashMap<>();
        if (n == 0 || m == 0) {
            return insufficientData(out, metrics);
        }
        binnedMetrics(metrics, status, rc, cc, n, m, options);
        if (options.binning() == Binning.EVIDENTLY) {
            double psi = EvidentlyBinning.psi(rc, cc);
            putNumber(metrics, "psi", psi);
            status.put(DriftMetric.PSI, staticStatus(DriftMetric.PSI, psi, Double.NaN, n, m, options));
        }
        double w = Wasserstein.distance(ref, cur);
        double wn = Wasserstein.normalised(w, Wasserstein.standardDeviation(ref));
        putNumber(metrics, "wasserstein", w);
        putNumber(metrics, "wasserstein_norm", wn);
        status.put(DriftMetric.WASSERSTEIN_NORM, staticStatus(DriftMetric.WASSERSTEIN_NORM, wn, Double.NaN, n, m, options));
        status.put(DriftMetric.WASSERSTEIN, status.get(DriftMetric.WASSERSTEIN_NORM));
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.twoSample(finite(ref), finite(cur));
        ObjectNode k = metrics.putObject("ks");
        putNumber(k, "statistic", ks.statistic());
        putNumber(k, "p_value", ks.pValue());
        k.put("method", ks.method().name().toLowerCase(java.util.Locale.ROOT));
        status.put(DriftMetric.KS, staticStatus(DriftMetric.KS, ks.statistic(), ks.pValue(), n, m, options));
        metrics.put("missing_rate_delta", DriftMetrics.missingRateDelta(rh, ch));
        reorder(metrics);
        putStatus(out, status);
        return out;
    }

    private static double[] finite(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    private static ObjectNode categorical(CsvTable reference, CsvTable current, String name, Options options) {
        List<String> ref = strings(reference, name);
        List<String> cur = strings(current, name);
        List<String> categories = CategoricalDictionary.topK(ref, options.maxCategories());
        CategoricalHistogram rh = new CategoricalHistogram(categories);
        CategoricalHistogram ch = new CategoricalHistogram(categories);
        ref.forEach(rh::add);
        cur.forEach(ch::add);
        long[] rc = rh.counts();
        long[] cc = ch.counts();
        long n = rh.counted();
        long m = ch.counted();
        ObjectNode out = header(name, ColumnKind.CATEGORICAL, n, m, rh.missing(), ch.missing());
        ArrayNode cats = out.putArray("categories");
        categories.forEach(cats::add);
        cats.add(CategoricalHistogram.OTHER);
        counts(out, rc, cc);
        ObjectNode metrics = out.putObject("metrics");
        Map<DriftMetric, DriftStatus> status = new LinkedHashMap<>();
        if (n == 0 || m == 0) {
            return insufficientData(out, metrics);
        }
        binnedMetrics(metrics, status, rc, cc, n, m, options);
        metrics.putNull("wasserstein");
        metrics.putNull("wasserstein_norm");
        metrics.putNull("ks");
        double share = CategoricalDictionary.newCategoryShare(ref, cur);
        metrics.put("new_category_share", share);
        status.put(DriftMetric.NEW_CATEGORY_SHARE, staticStatus(DriftMetric.NEW_CATEGORY_SHARE, share, Double.NaN, n, m, options));
        metrics.put("missing_rate_delta",
            DriftMetrics.missingRateDelta(rh.missing(), rh.total(), ch.missing(), ch.total()));
        reorder(metrics);
        putStatus(out, status);
        return out;
    }

    private static void binnedMetrics(ObjectNode metrics, Map<DriftMetric, DriftStatus> status, long[] rc, long[] cc,
                                      long n, long m, Options options) {
        double psi = DriftMetrics.psi(rc, cc);
        double psiP = DriftMetrics.psiPValue(psi, n, m, DriftMetrics.nonEmptyBins(rc, cc));
        putNumber(metrics, "psi", psi);
        status.put(DriftMetric.PSI, staticStatus(DriftMetric.PSI, psi, psiP, n, m, options));
        double kl = DriftMetrics.kl(rc, cc);
        putNumber(metrics, "kl", kl);
        status.put(DriftMetric.KL, staticStatus(DriftMetric.KL, kl, Double.NaN, n, m, options));
        double js = DriftMetrics.jensenShannon(rc, cc);
        putNumber(metrics, "js", js);
        status.put(DriftMetric.JS, staticStatus(DriftMetric.JS, js, Double.NaN, n, m, options));
        double h = DriftMetrics.hellinger(rc, cc);
        putNumber(metrics, "hellinger", h);
        status.put(DriftMetric.HELLINGER, staticStatus(DriftMetric.HELLINGER, h, Double.NaN, n, m, options));
        ChiSquareTest.Result chi2 = ChiSquareTest.homogeneity(rc, cc);
        ObjectNode c = metrics.putObject("chi2");
        putNumber(c, "statistic", chi2.statistic());
        putNumber(c, "p_value", chi2.pValue());
        c.put("dof", chi2.dof());
        DriftStatus chiStatus;
        if (n < options.minSampleSize() || m < options.minSampleSize()) {
            chiStatus = DriftStatus.INSUFFICIENT_DATA;
        } else {
            chiStatus = chi2.pValue() <= DecisionRule.DEFAULT_DRIFT_ALPHA ? DriftStatus.DRIFT
                : chi2.pValue() <= DecisionRule.DEFAULT_WARN_ALPHA ? DriftStatus.WARN : DriftStatus.OK;
        }
        status.put(DriftMetric.CHI2, chiStatus);
    }

    private static DriftStatus staticStatus(DriftMetric metric, double value, double p, long n, long m, Options options) {
        if (n < options.minSampleSize() || m < options.minSampleSize()) {
            return DriftStatus.INSUFFICIENT_DATA;
        }
        return DriftDecider.staticStatus(value, DecisionRule.defaults(metric), p);
    }

    private static ObjectNode header(String name, ColumnKind kind, long n, long m, long refMissing, long curMissing) {
        ObjectNode out = JSON.objectNode();
        out.put("name", name);
        out.put("kind", kind.wireName());
        out.put("reference_count", n);
        out.put("current_count", m);
        ObjectNode missing = out.putObject("missing");
        missing.put("reference", refMissing);
        missing.put("current", curMissing);
        return out;
    }

    private static void counts(ObjectNode out, long[] rc, long[] cc) {
        ArrayNode r = out.putArray("reference_counts");
        for (long c : rc) {
            r.add(c);
        }
        ArrayNode c2 = out.putArray("current_counts");
        for (long c : cc) {
            c2.add(c);
        }
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /** Puts the metrics in the documented order: psi, kl, js, hellinger, wasserstein, wasserstein_norm, ks, chi2, extras. */
    private static void reorder(ObjectNode metrics) {
        List<String> order = List.of("psi", "kl", "js", "hellinger", "wasserstein", "wasserstein_norm", "ks", "chi2");
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        metrics.fields().forEachRemaining(e -> copy.put(e.getKey(), e.getValue()));
        metrics.removeAll();
        for (String key : order) {
            if (copy.containsKey(key)) {
                metrics.set(key, copy.remove(key));
            }
        }
        copy.forEach(metrics::set);
    }

    private static void putStatus(ObjectNode out, Map<DriftMetric, DriftStatus> status) {
        ObjectNode s = out.putObject("status");
        DriftStatus overall = null;
        for (Map.Entry<DriftMetric, DriftStatus> e : status.entrySet()) {
            s.put(e.getKey().wireName(), e.getValue().wireName());
            if (overall == null || e.getValue().isWorseThan(overall)) {
                overall = e.getValue();
            }
        }
        s.put("overall", overall == null ? DriftStatus.OK.wireName() : overall.wireName());
    }

    /** A column with no values on one side: every metric null, status insufficient data. */
    private static ObjectNode insufficientData(ObjectNode out, ObjectNode metrics) {
        for (String key : List.of("psi", "kl", "js", "hellinger", "wasserstein", "wasserstein_norm", "ks", "chi2")) {
            metrics.putNull(key);
        }
        out.putObject("status").put("overall", DriftStatus.INSUFFICIENT_DATA.wireName());
        return out;
    }
}
