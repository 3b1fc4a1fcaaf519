package io.driftmonitor.compare;

/** A CSV file that cannot be compared; the message names the file and, where it applies, the line. */
public final class CsvFormatException extends Exception {
    public CsvFormatException(String message) {
        super(message);
    }
}
