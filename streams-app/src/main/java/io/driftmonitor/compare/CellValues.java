package io.driftmonitor.compare;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Interpretation of CSV cells: missing markers, decimal numbers and infinities. */
final class CellValues {
    /** Cells that mean "no value" in either kind of column (compared after trimming, case-sensitive). */
    static final Set<String> MISSING = Set.of("", "NA", "N/A", "NaN", "nan", "NAN", "null", "NULL", "None");

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> POSITIVE_INFINITY = Set.of("inf", "+inf", "infinity", "+infinity");
    private static final Set<String> NEGATIVE_INFINITY = Set.of("-inf", "-infinity");

    private CellValues() {
    }

    static boolean isMissing(String cell) {
        return MISSING.contains(cell.trim());
    }

    /** Whether a non-missing cell is a number (decimal or an infinity). */
    static boolean isNumber(String cell) {
        String t = cell.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        return DECIMAL.matcher(t).matches() || POSITIVE_INFINITY.contains(lower) || NEGATIVE_INFINITY.contains(lower);
    }

    /** The value of a cell: NaN when missing; throws NumberFormatException when not a number. */
    static double parse(String cell) {
        if (isMissing(cell)) {
            return Double.NaN;
        }
        String t = cell.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (POSITIVE_INFINITY.contains(lower)) {
            return Double.POSITIVE_INFINITY;
        }
        if (NEGATIVE_INFINITY.contains(lower)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw new NumberFormatException(t);
        }
        return Double.parseDouble(t);
    }
}
