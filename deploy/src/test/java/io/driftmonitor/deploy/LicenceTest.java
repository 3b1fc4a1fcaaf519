package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The licence is where legal review looks for it, and every bundled third-party asset is declared. */
class LicenceTest {
    @Test
    void shouldCarryTheApacheLicenceAtTheRootAndInThePom() {
        assertThat(Repo.read("LICENSE")).contains("Apache License", "Version 2.0, January 2004",
            "END OF TERMS AND CONDITIONS");
        assertThat(Repo.read("NOTICE")).startsWith("drift-monitor").contains("Apache ECharts");
        String pom = Repo.read("pom.xml");
        assertThat(pom).contains("<licenses>", "<name>Apache-2.0</name>",
            "<url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>");
    }

    @Test
    void shouldDeclareEveryBundledVendorAssetWithItsLicenceFiles() throws Exception {
        String notices = Repo.read("THIRD-PARTY-NOTICES.md");
        Path vendor = Repo.path("streams-app/src/main/resources/dashboard/vendor");
        List<Path> assets;
        try (var files = Files.list(vendor)) {
            assets = files.filter(p -> p.getFileName().toString().endsWith(".js")
                || p.getFileName().toString().endsWith(".css")).toList();
        }
        assertThat(assets).isNotEmpty();
        for (Path asset : assets) {
            String name = asset.getFileName().toString();
            assertThat(notices).as("THIRD-PARTY-NOTICES.md names %s", name).contains(name);
            String stem = name.substring(0, name.indexOf('.'));
            assertThat(vendor.resolve(stem + "-LICENSE.txt")).as("licence of %s ships beside it", name).exists();
        }
    }

    @Test
    void shouldListEveryJarOfTheRuntimeWithItsLicence() throws Exception {
        Path lib = Repo.path("streams-app/target/lib");
        if (!Files.isDirectory(lib)) {
            assertThat(System.getenv("CI")).as("streams-app/target/lib is built by ./mvnw verify first").isNotEqualTo("true");
            org.junit.jupiter.api.Assumptions.abort("streams-app/target/lib not built");
        }
        String notices = Repo.read("THIRD-PARTY-NOTICES.md");
        String table = notices.substring(notices.indexOf("## Libraries in the runtime"));
        List<String> jars;
        try (var files = Files.list(lib)) {
            jars = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
        assertThat(jars).isNotEmpty();
        for (String jar : jars) {
            // artifactId-version.jar: the artifactId is everything before the first "-<digit>"
            String artifactId = jar.replaceFirst("-\\d.*$", "");
            assertThat(table).as("THIRD-PARTY-NOTICES.md lists %s", jar)
                .containsPattern("(\\| |, )" + java.util.regex.Pattern.quote(artifactId) + "[ ,]");
        }
    }
}
