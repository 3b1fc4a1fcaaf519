package io.driftmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/drift-monitor} says what it builds on its first run instead of minutes of silence, and
 * shows the end of Maven's log when the build fails. Run in a copy of the layout with a stand-in
 * Maven wrapper and {@code java}.
 */
class LauncherTest {
    @TempDir
    Path root;

    private record Result(int exit, String stderr, String stdout) {
    }

    private Result launch(String mvnw) throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Repo.path("bin/drift-monitor"), root.resolve("bin/drift-monitor"));
        executable(root.resolve("bin/drift-monitor"), null);
        executable(root.resolve("mvnw"), mvnw);
        Path fakeBin = Files.createDirectories(root.resolve("fake-bin"));
        executable(fakeBin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
        Path out = root.resolve("stdout.txt");
        Path err = root.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", root.resolve("bin/drift-monitor").toString(), "config", "show"))
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(err), Files.readString(out));
    }

    private static void executable(Path file, String content) throws Exception {
        if (content != null) {
            Files.writeString(file, content);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theFirstBuildSaysWhatItBuildsAndThenRunsTheApplication() throws Exception {
        Result r = launch("""
            #!/bin/sh
            echo "[INFO] Scanning for projects..."
            echo "[INFO] Downloading from central: https://repo.maven.apache.org/maven2/x.pom"
            echo "[INFO] Downloading from central: https://repo.maven.apache.org/maven2/y.pom"
            echo "[INFO] Building drift-monitor schemas 0.1.0-SNAPSHOT                     [1/2]"
            echo "[INFO] compiling 12 source files"
            echo "[INFO] Building drift-monitor streams-app 0.1.0-SNAPSHOT                 [2/2]"
            mkdir -p streams-app/target/lib && touch streams-app/target/drift-monitor.jar
            echo "[INFO] BUILD SUCCESS"
            """);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("Building drift-monitor (first run or sources changed): ./mvnw -B -DskipTests -pl streams-app -am package",
            "  downloading Maven and dependencies ...",
            "  Building drift-monitor schemas 0.1.0-SNAPSHOT [1/2]",
            "  Building drift-monitor streams-app 0.1.0-SNAPSHOT [2/2]",
            "Built drift-monitor in ");
        assertThat(r.stderr()).doesNotContain("compiling 12 source files");
        assertThat(r.stderr().lines().filter(l -> l.contains("downloading"))).hasSize(1);
        assertThat(r.stdout()).isEqualTo("java -jar " + root.resolve("streams-app/target/drift-monitor.jar") + " config show\n");
    }

    @Test
    void aFailedBuildShowsTheEndOfTheLogAndItsExitCode() throws Exception {
        Result r = launch("""
            #!/bin/sh
            echo "[INFO] Building drift-monitor schemas 0.1.0-SNAPSHOT [1/2]"
            echo "[ERROR] COMPILATION ERROR: Foo.java:[3,1] cannot find symbol"
            exit 7
            """);
        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.stderr()).contains("Build of drift-monitor failed (exit code 7)",
            "[ERROR] COMPILATION ERROR: Foo.java:[3,1] cannot find symbol");
        assertThat(r.stdout()).as("the application is not started").isEmpty();
    }
}
