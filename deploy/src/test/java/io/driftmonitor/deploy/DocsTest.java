package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
        for (String text : new String[] {Repo.read("docs/deploy.md"), readme}) {
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
}
