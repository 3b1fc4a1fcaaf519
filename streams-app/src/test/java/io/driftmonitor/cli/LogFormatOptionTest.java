package io.driftmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.driftmonitor.logging.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --log-format is a global option: before the subcommand or after it. */
class LogFormatOptionTest {
    private final LogFormat before = LogFormat.current();

    @AfterEach
    void restore() {
        LogFormat.use(before);
    }

    @Test
    void shouldSwitchToJsonLinesBeforeOrAfterTheSubcommand() {
        LogFormat.use(LogFormat.TEXT);
        assertThat(run("--log-format", "json", "broker", "--help")).isZero();
        assertThat(LogFormat.current()).isEqualTo(LogFormat.JSON);

        LogFormat.use(LogFormat.TEXT);
        assertThat(run("broker", "--log-format", "JSON", "--help")).isZero();
        assertThat(LogFormat.current()).isEqualTo(LogFormat.JSON);

        assertThat(run("--log-format", "text", "--help")).isZero();
        assertThat(LogFormat.current()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void shouldRejectAnUnknownFormatAsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = DriftMonitorCli.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("--log-format", "xml", "broker", "--help")).isEqualTo(2);
        assertThat(err.toString()).contains("--log-format", "text or json");
    }

    private static int run(String... args) {
        CommandLine cli = DriftMonitorCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }
}
