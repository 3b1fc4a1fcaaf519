package io.driftmonitor.promotion;

import java.util.Locale;

/**
 * The verdict on one window: the metric of each role, the test and its two-sided p-value.
 *
 * @param sufficient whether both roles had {@code min_samples} labelled predictions (otherwise the
 *                   verdict is keep and nothing is emitted)
 * @param test       two_proportion_z, hanley_mcneil_z, welch_t or mse_z
 * @param statistic  the test statistic, positive when the candidate's value is larger
 */
public record PromotionDecision(Verdict verdict, boolean sufficient, String metric, String test, double championValue,
                                double challengerValue, double statistic, double pValue, long championN, long challengerN,
                                String reason) {
    public enum Verdict {
        PROMOTE, KEEP, ROLLBACK;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
