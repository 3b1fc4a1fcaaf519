package io.driftmonitor.evaluation;

/**
 * One series of verdicts: a signal in the whole model (segment null) or in one segment, judged by
 * its drift events' metric.
 */
public record Series(String signal, String segment, String metric) implements Comparable<Series> {
    /** {@code score}, or {@code score[country=DE]}. */
    public String label() {
        return segment == null ? signal : signal + "[" + segment + "]";
    }

    /** The row a series is pooled into: the signal itself, or {@code score[country=*]} for every segment of a key. */
    public String pooledLabel() {
        if (segment == null) {
            return signal;
        }
        int eq = segment.indexOf('=');
        return signal + "[" + (eq < 0 ? segment : segment.substring(0, eq)) + "=*]";
    }

    @Override
    public int compareTo(Series o) {
        int c = (segment == null ? "" : segment).compareTo(o.segment == null ? "" : o.segment);
        return c != 0 ? c : label().compareTo(o.label());
    }
}
