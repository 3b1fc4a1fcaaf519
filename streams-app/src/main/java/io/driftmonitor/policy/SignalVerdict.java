package io.driftmonitor.policy;

/**
 * What the policy needs to know of one signal in one closed window.
 *
 * @param breach whether the signal crossed its drift threshold (significantly) in this window
 * @param decided false when the window had too little data for a verdict
 */
public record SignalVerdict(String signal, String segment, String metric, double value, double threshold,
                            boolean breach, boolean decided) {
}
