package io.driftmonitor.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression (of a dashboard panel or an alert rule) reads. */
final class Promql {
    private static final Set<String> WORDS = Set.of("sum", "max", "min", "avg", "count", "by", "without",
        "rate", "increase", "irate", "delta", "deriv", "topk", "bottomk", "histogram_quantile", "label_values", "on", "ignoring",
        "group_left", "group_right", "and", "or", "unless", "offset", "bool", "time", "max_over_time", "min_over_time",
        "avg_over_time", "absent", "absent_over_time", "clamp_min", "clamp_max", "vector", "scalar");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private Promql() {
    }

    static Set<String> metricNames(String expr) {
        String stripped = expr
            .replaceAll("\"[^\"]*\"", "")            // strings
            .replaceAll("\\{[^}]*}", "")              // label matchers
            .replaceAll("\\[[^]]*]", "")              // ranges
            .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "")
            .replaceAll("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*),[^)]*\\)", "$1");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String word = m.group();
            boolean number = m.start() > 0 && (Character.isDigit(stripped.charAt(m.start() - 1))
                || stripped.charAt(m.start() - 1) == '.');
            if (!WORDS.contains(word) && !number) {
                names.add(word);
            }
        }
        return names;
    }
}
