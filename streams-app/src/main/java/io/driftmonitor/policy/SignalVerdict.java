package io.driftmonitor.policy;

/**
 * What the policy knows of one metric of one signal (whole model or one segment) in one closed window.
 *
 * @param signal     e.g. {@code feature:amount}, {@code score}, {@code performance}
 * @param segment    {@code key=value}, or null for the whole model
 * @param metric     e.g. {@code psi}, {@code js}, {@code performance:accuracy}, {@code performance_estimate:accuracy}
 * @param value      the metric's value (NaN when it could not be computed)
 * @param threshold  the threshold the monitor judged the value against (NaN when none)
 * @param breach     the monitor's own verdict: the signal drifted (status drift: threshold and significance)
 * @param decided    false when the window had too little data for a verdict (insufficient_data)
 * @param sampleSize records (or labelled records, for performance) behind the value; -1 when unknown
 */
public record SignalVerdict(String signal, String segment, String metric, double value, double threshold,
                            boolean breach, boolean decided, long sampleSize) {

    /** A verdict without a known sample size. */
    public SignalVerdict(String signal, String segment, String metric, double value, double threshold,
                         boolean breach, boolean decided) {
        this(signal, segment, metric, value, threshold, breach, decided, -1);
    }
}
