package io.driftmonitor.performance;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of (actual, predicted) label pairs over a fixed label list; labels outside the list are
 * counted in a last "other" row/column, like {@code CategoricalHistogram}. Merges by adding counts.
 * Metrics follow scikit-learn's definitions, with 0 where a denominator is 0 ({@code zero_division=0}).
 */
public final class ConfusionMatrix {
    private final String[] labels;
    private final Map<String, Integer> index;
    private final long[][] counts;

    public ConfusionMatrix(List<String> labels) {
        this.labels = labels.toArray(String[]::new);
        this.index = new HashMap<>();
        for (int i = 0; i < this.labels.length; i++) {
            if (index.put(this.labels[i], i) != null) {
                throw new IllegalArgumentException("duplicate label " + this.labels[i]);
            }
        }
        int k = this.labels.length + 1;
        this.counts = new long[k][k];
    }

    /** Rebuilds a matrix; {@code counts} is (labels + 1) x (labels + 1), rows actual, columns predicted. */
    public static ConfusionMatrix of(List<String> labels, long[][] counts) {
        ConfusionMatrix m = new ConfusionMatrix(labels);
        if (counts.length != m.counts.length) {
            throw new IllegalArgumentException("expected " + m.counts.length + " rows");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != m.counts.length) {
                throw new IllegalArgumentException("expected " + m.counts.length + " columns in row " + i);
            }
            m.counts[i] = counts[i].clone();
        }
        return m;
    }

    public void add(String actual, String predicted) {
        counts[slot(actual)][slot(predicted)]++;
    }

    private int slot(String label) {
        Integer i = label == null ? null : index.get(label);
        return i == null ? labels.length : i;
    }

    public void merge(ConfusionMatrix other) {
        if (!Arrays.equals(labels, other.labels)) {
            throw new IllegalArgumentException("cannot merge confusion matrices over different labels");
        }
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                counts[i][j] += other.counts[i][j];
            }
        }
    }

    public List<String> labels() {
        return List.of(labels);
    }

    /** Rows actual, columns predicted; the last row and column are "other". */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    public long count(String actual, String predicted) {
        return counts[slot(actual)][slot(predicted)];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    public double accuracy() {
        long n = total();
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return n == 0 ? 0.0 : (double) correct / n;
    }

    private long truePositives(int i) {
        return counts[i][i];
    }

    private long predicted(int j) {
        long s = 0;
        for (long[] row : counts) {
            s += row[j];
        }
        return s;
    }

    private long actual(int i) {
        long s = 0;
        for (long c : counts[i]) {
            s += c;
        }
        return s;
    }

    public double precision(String label) {
        int i = requireLabel(label);
        long p = predicted(i);
        return p == 0 ? 0.0 : (double) truePositives(i) / p;
    }

    public double recall(String label) {
        int i = requireLabel(label);
        long a = actual(i);
        return a == 0 ? 0.0 : (double) truePositives(i) / a;
    }

    public double f1(String label) {
        double p = precision(label);
        double r = recall(label);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        return Arrays.stream(labels).mapToDouble(this::precision).average().orElse(0.0);
    }

    public double macroRecall() {
        return Arrays.stream(labels).mapToDouble(this::recall).average().orElse(0.0);
    }

    public double macroF1() {
        return Arrays.stream(labels).mapToDouble(this::f1).average().orElse(0.0);
    }

    /** Micro-averaged F1 over the named labels (equals accuracy when every label is named). */
    public double microF1() {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < labels.length; i++) {
            tp += truePositives(i);
            fp += predicted(i) - truePositives(i);
            fn += actual(i) - truePositives(i);
        }
        return 2 * tp + fp + fn == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private int requireLabel(String label) {
        Integer i = index.get(label);
        if (i == null) {
            throw new IllegalArgumentException("unknown label " + label);
        }
        return i;
    }
}
