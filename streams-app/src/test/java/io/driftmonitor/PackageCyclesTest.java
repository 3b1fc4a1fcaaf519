package io.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages of the monitor depend on each other without cycles: a package that needs another
 * never is needed by it, directly or through others. Dependencies are read from the main sources:
 * every reference to a type of another {@code io.driftmonitor} package, imported or fully
 * qualified (comments and string literals left out).
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A qualified type name of ours: the package is what precedes the first capitalised part. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.driftmonitor(?:\\.[a-z_]\\w*)*)\\.[A-Z]");
    /** Comments, text blocks, string and character literals. */
    private static final Pattern NOT_CODE = Pattern.compile(
        "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'", Pattern.DOTALL);

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Map<String, Set<String>>> graph = dependencies(SOURCES);
        List<String> cycles = describeCycles(graph);
        assertThat(cycles).as("package cycles among the main sources").isEmpty();
    }

    @Test
    void theDependenciesAreReadFromImportsAndQualifiedNames() {
        Map<String, Map<String, Set<String>>> graph = dependencies(SOURCES);
        assertThat(graph.get("io.driftmonitor.topology")).as("MonitorTopology imports the configuration")
            .containsKey("io.driftmonitor.config");
        assertThat(graph.get("io.driftmonitor.config")).as("ModelPolicy names stats.DriftMetric fully qualified")
            .containsKey("io.driftmonitor.stats");
    }

    @Test
    void aCycleIsReportedWithTheFilesThatMakeIt() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        graph.computeIfAbsent("io.driftmonitor.a", k -> new TreeMap<>()).put("io.driftmonitor.b", Set.of("A1.java"));
        graph.computeIfAbsent("io.driftmonitor.b", k -> new TreeMap<>()).put("io.driftmonitor.c", Set.of("B1.java"));
        graph.computeIfAbsent("io.driftmonitor.c", k -> new TreeMap<>()).put("io.driftmonitor.a", Set.of("C1.java", "C2.java"));
        graph.computeIfAbsent("io.driftmonitor.d", k -> new TreeMap<>()).put("io.driftmonitor.a", Set.of("D1.java"));
        assertThat(describeCycles(graph)).containsExactly(
            "a -> b -> c -> a (a -> b: A1.java; b -> c: B1.java; c -> a: C1.java, C2.java)");
    }

    @Test
    void codeInCommentsAndStringsIsNoDependency() {
        assertThat(references("""
            package io.driftmonitor.a;
            /** See {@link io.driftmonitor.b.Thing}. */
            class X { String s = "io.driftmonitor.c.Other"; // io.driftmonitor.d.More
                io.driftmonitor.e.Used used; }
            """)).containsExactly("io.driftmonitor.e");
    }

    /** Package to the packages it refers to, each with the files (by name) that make the reference. */
    static Map<String, Map<String, Set<String>>> dependencies(Path sources) {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher p = PACKAGE.matcher(NOT_CODE.matcher(text).replaceAll(" "));
                if (!p.find()) {
                    continue;
                }
                String pkg = p.group(1);
                Map<String, Set<String>> out = graph.computeIfAbsent(pkg, k -> new TreeMap<>());
                for (String target : references(text)) {
                    if (!target.equals(pkg)) {
                        out.computeIfAbsent(target, k -> new TreeSet<>()).add(file.getFileName().toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The packages of ours a source file refers to. */
    static Set<String> references(String source) {
        String code = NOT_CODE.matcher(source).replaceAll(" ");
        Matcher m = REFERENCE.matcher(code.replaceFirst("(?m)^\\s*package\\s+[\\w.]+\\s*;", " "));
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** One line per strongly connected group of packages: a cycle through it and the files of each step. */
    static List<String> describeCycles(Map<String, Map<String, Set<String>>> graph) {
        List<String> lines = new ArrayList<>();
        for (Set<String> group : stronglyConnected(graph)) {
            if (group.size() < 2) {
                continue;
            }
            String start = group.iterator().next();
            List<String> cycle = shortestCycle(graph, group, start);
            StringBuilder line = new StringBuilder(cycle.stream().map(PackageCyclesTest::shortName)
                .collect(Collectors.joining(" -> ")));
            List<String> steps = new ArrayList<>();
            for (int i = 0; i + 1 < cycle.size(); i++) {
                steps.add(shortName(cycle.get(i)) + " -> " + shortName(cycle.get(i + 1)) + ": "
                    + String.join(", ", new TreeSet<>(graph.get(cycle.get(i)).get(cycle.get(i + 1)))));
            }
            line.append(" (").append(String.join("; ", steps)).append(')');
            if (group.size() > cycle.size() - 1) {
                line.append(", in a group of ").append(group.stream().map(PackageCyclesTest::shortName)
                    .collect(Collectors.joining(", ")));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String shortName(String pkg) {
        return pkg.startsWith("io.driftmonitor.") ? pkg.substring("io.driftmonitor.".length()) : pkg;
    }

    /** From start back to start within the group, fewest steps first (breadth first). */
    private static List<String> shortestCycle(Map<String, Map<String, Set<String>>> graph, Set<String> group, String start) {
        Map<String, String> previous = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
                if (!group.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String n = node; n != null; n = previous.get(n)) {
                        path.add(0, n);
                    }
                    return path;
                }
                if (!previous.containsKey(next)) {
                    previous.put(next, node);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start + " in " + group);
    }

    /** Tarjan's strongly connected components, each in name order. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
        Set<String> nodes = new TreeSet<>(graph.keySet());
        graph.values().forEach(targets -> nodes.addAll(targets.keySet()));
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> groups = new ArrayList<>();
        for (String node : nodes) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, groups);
            }
        }
        return groups;
    }

    private static void connect(String node, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<Set<String>> groups) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, groups);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                group.add(member);
            } while (!member.equals(node));
            groups.add(group);
        }
    }
}
