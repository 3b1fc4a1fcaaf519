package io.driftmonitor.compare;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CSV file with a header row (RFC 4180: comma separated, double quotes, "" for a quote inside a
 * quoted field, quoted fields may span lines, LF or CRLF). Every data row must have as many fields
 * as the header; errors name the file and the line where the offending record starts.
 */
public final class CsvTable {
    private final String source;
    private final List<String> header;
    private final List<String[]> rows;
    private final List<Integer> lines;

    private CsvTable(String source, List<String> header, List<String[]> rows, List<Integer> lines) {
        this.source = source;
        this.header = header;
        this.rows = rows;
        this.lines = lines;
    }

    public static CsvTable read(Path path) throws CsvFormatException {
        if (!Files.isRegularFile(path)) {
            throw new CsvFormatException(path + ": no such file");
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(path.toString(), reader);
        } catch (IOException e) {
            throw new CsvFormatException(path + ": cannot read: " + e.getMessage());
        }
    }

    public static CsvTable parse(String source, Reader reader) throws IOException, CsvFormatException {
        Parser parser = new Parser(source, reader);
        List<String> first = parser.next();
        if (first == null || (first.size() == 1 && first.get(0).isEmpty())) {
            throw new CsvFormatException(source + ": file is empty, expected a header row");
        }
        if (!first.isEmpty() && first.get(0).startsWith("\uFEFF")) {
            first.set(0, first.get(0).substring(1));
        }
        Set<String> seen = new HashSet<>();
        for (String name : first) {
            if (name.isBlank()) {
                throw new CsvFormatException(source + " line 1: empty column name in the header");
            }
            if (!seen.add(name)) {
                throw new CsvFormatException(source + " line 1: duplicate column name '" + name + "'");
            }
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> record;
        while (true) {
            int line = parser.line();
            record = parser.next();
            if (record == null) {
                break;
            }
            if (record.size() == 1 && record.get(0).isEmpty() && first.size() > 1) {
                continue;
            }
            if (record.size() != first.size()) {
                throw new CsvFormatException(source + " line " + line + ": expected " + first.size()
                    + " fields as in the header, found " + record.size());
            }
            rows.add(record.toArray(String[]::new));
            lines.add(line);
        }
        return new CsvTable(source, List.copyOf(first), rows, lines);
    }

    public String source() {
        return source;
    }

    public List<String> header() {
        return header;
    }

    public int size() {
        return rows.size();
    }

    public int columnIndex(String name) {
        return header.indexOf(name);
    }

    public String value(int row, int column) {
        return rows.get(row)[column];
    }

    /** The line in the file where data row {@code row} starts (the header is line 1). */
    public int line(int row) {
        return lines.get(row);
    }

    private static final class Parser {
        private final String source;
        private final Reader reader;
        private int line = 1;
        private int pushedBack = -2;

        Parser(String source, Reader reader) {
            this.source = source;
            this.reader = reader;
        }

        int line() {
            return line;
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            return reader.read();
        }

        /** The next record, or null at the end of the input. */
        List<String> next() throws IOException, CsvFormatException {
            int c = read();
            if (c == -1) {
                return null;
            }
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean afterQuote = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new CsvFormatException(source + " line " + startLine + ": unterminated quoted field");
                    }
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            afterQuote = true;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                } else if (c == -1 || c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            pushedBack = d;
                        }
                    }
                    if (c != -1) {
                        line++;
                    }
                    fields.add(field.toString());
                    return fields;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                } else if (c == '"' && field.length() == 0 && !afterQuote) {
                    quoted = true;
                } else if (afterQuote) {
                    throw new CsvFormatException(source + " line " + line + ": unexpected character after a closing quote");
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }
    }
}
