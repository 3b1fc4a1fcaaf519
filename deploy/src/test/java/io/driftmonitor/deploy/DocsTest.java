package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The deployment docs name files that exist, and the README links them. */
class DocsTest {
    private static final Pattern REPO_PATH = Pattern.compile("\\b((?:deploy|examples|docs)/[A-Za-z0-9_./-]*[A-Za-z0-9_])");

    @Test
    void everyFileTheDocsNameExists() {
        String readme = Repo.read("README.md");
        assertThat(readme).contains("](docs/deploy.md)", "kubectl apply -f deploy/k8s/",
            "docker compose -f deploy/docker-compose.yml up", "--advertised-address");
        Set<String> missing = new TreeSet<>();
        assertThat(readme).contains("](docs/configuration.md)", "## Contents", "## Prerequisites", "## Troubleshooting",
            "## Upgrades and state compatibility", "](CHANGELOG.md)");
        for (String text : new String[] {Repo.read("docs/deploy.md"), Repo.read("docs/configuration.md"),
            Repo.read("CHANGELOG.md"), readme}) {
            Matcher m = REPO_PATH.matcher(text);
            while (m.find()) {
                String path = m.group(1);
                if (!path.contains("...") && !java.nio.file.Files.exists(Repo.path(path))) {
                    missing.add(path);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyLinkOfTheReadmeTableOfContentsLeadsToAHeading() {
        String readme = Repo.read("README.md");
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^## (.+)$").matcher(readme);
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\w\\- ]", "").replace(' ', '-'));
        }
        String toc = readme.substring(readme.indexOf("## Contents"), readme.indexOf("## Two commands"));
        Matcher link = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(toc);
        Set<String> linked = new TreeSet<>();
        while (link.find()) {
            linked.add(link.group(1));
        }
        assertThat(anchors).containsAll(linked);
        anchors.remove("contents");
        assertThat(linked).as("every section is in the table of contents").containsAll(anchors);
    }

    @Test
    void noDocumentOrHelpTextCitesAFileTheRepositoryDoesNotHold() throws Exception {
        List<String> citing = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.walk(Repo.root())) {
            files.filter(java.nio.file.Files::isRegularFile)
                .filter(f -> !f.toString().contains("/.git/") && !f.toString().contains("/target/"))
                .filter(f -> f.toString().matches(".*\\.(md|java|py|yaml|yml|sh|json|txt)$") || f.endsWith("bin/drift-monitor"))
                .filter(f -> !f.endsWith("DocsTest.java"))
                .forEach(f -> {
                    try {
                        if (java.nio.file.Files.readString(f).contains("DESIGN.md")) {
                            citing.add(Repo.root().relativize(f).toString());
                        }
                    } catch (java.io.IOException | java.io.UncheckedIOException e) {
                        // not text
                    }
                });
        }
        assertThat(citing).as("DESIGN.md is not in the repository").isEmpty();
    }
}
