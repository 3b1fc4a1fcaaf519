package io.driftmonitor.compare;

import java.util.Locale;

/** How a CSV column is compared. */
public enum ColumnKind {
    NUMERIC, CATEGORICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
