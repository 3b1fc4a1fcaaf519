package io.driftmonitor.stats;

import org.hipparchus.special.Erf;

/**
 * Two-sided z-test for the difference of two binomial proportions with the pooled variance (the
 * test Evidently applies to binary columns). z = (p2 - p1) / sqrt(p(1 - p)(1/n1 + 1/n2)) with the
 * pooled p; p-value = 2 (1 - Phi(|z|)). When the pooled proportion is 0 or 1, z = 0 and p = 1.
 */
public final class ProportionZTest {
    /** z statistic (positive when the current proportion is larger) and two-sided p-value. */
    public record Result(double z, double pValue, double referenceProportion, double currentProportion) {
    }

    private ProportionZTest() {
    }

    public static Result test(long referenceSuccesses, long referenceCount, long currentSuccesses, long currentCount) {
        if (referenceCount <= 0 || currentCount <= 0) {
            throw new IllegalArgumentException("both samples must be non-empty");
        }
        double p1 = (double) referenceSuccesses / referenceCount;
        double p2 = (double) currentSuccesses / currentCount;
        double pooled = (double) (referenceSuccesses + currentSuccesses) / (referenceCount + currentCount);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / referenceCount + 1.0 / currentCount));
        if (se == 0) {
            return new Result(0.0, 1.0, p1, p2);
        }
        double z = (p2 - p1) / se;
        double p = Erf.erfc(Math.abs(z) / Math.sqrt(2));
        return new Result(z, Math.min(1.0, p), p1, p2);
    }
}
