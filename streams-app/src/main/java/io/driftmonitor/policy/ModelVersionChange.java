package io.driftmonitor.policy;

/**
 * A new model version showed up in the predictions (the feedback loop).
 *
 * @param previousVersion the version seen before
 * @param newVersion      the version now seen
 * @param time            when it was first seen (event time)
 * @param answered        the triggered retrain this version completes, or null when none was pending
 * @param baseline        what the policy wants done with the baseline: the new version's first window,
 *                        wait for a published one, or keep the current one
 */
public record ModelVersionChange(String previousVersion, String newVersion, long time, PolicyState.RetrainResult answered,
                                 RetrainPolicy.BaselineOnNewVersion baseline) {
}
