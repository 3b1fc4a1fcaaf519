package io.driftmonitor.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistent memory of a model's retrain policy: the run of consecutive breaching windows per
 * signal and when the next trigger is allowed. Plain data so that it can be stored as JSON.
 */
public class PolicyState {
    /** Signal to the start times of its current run of consecutive breaching windows. */
    public Map<String, List<Long>> breachRuns = new LinkedHashMap<>();
    /** Event time before which no trigger fires (cooldown). */
    public long nextAllowedAt = Long.MIN_VALUE;
    /** Start of the last window the policy saw, to ignore replays and detect gaps. */
    public long lastWindowStart = Long.MIN_VALUE;
    public long triggers;

    public PolicyState copy() {
        PolicyState c = new PolicyState();
        breachRuns.forEach((k, v) -> c.breachRuns.put(k, new ArrayList<>(v)));
        c.nextAllowedAt = nextAllowedAt;
        c.lastWindowStart = lastWindowStart;
        c.triggers = triggers;
        return c;
    }
}
