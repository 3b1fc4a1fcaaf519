package io.driftmonitor.cli;

import picocli.CommandLine;

/** The version from the jar manifest (or "development" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = DriftMonitorCli.class.getPackage().getImplementationVersion();
        return new String[] {"drift-monitor " + (v == null ? "development" : v)};
    }
}
