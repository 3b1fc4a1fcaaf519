package io.driftmonitor.promotion;

/**
 * The normal-mixture sequential probability ratio test (mSPRT) of Robbins (1970), in the form of
 * Johari, Koomen, Pekelis and Walsh, "Always valid inference: continuous monitoring of A/B tests"
 * (Operations Research, 2022), for a difference theta between two groups.
 *
 * <p>The evidence is a set of independent estimates d_i of theta with variances v_i (one per window:
 * the difference of the two roles' metric and its variance). With the information I = sum 1/v_i and
 * the score S = sum d_i / v_i, S ~ N(theta I, I): a Brownian motion with drift theta in information
 * time. Mixing its likelihood ratio against theta = 0 over theta ~ N(0, tau^2) gives
 * <pre>  Lambda = (1 + tau^2 I)^(-1/2) exp(tau^2 S^2 / (2 (1 + tau^2 I)))</pre>
 * a non-negative martingale with mean 1 under theta = 0, so by Ville's inequality
 * P(sup Lambda &gt;= 1/alpha) &lt;= alpha: the p-value min over looks of 1/Lambda is valid whenever
 * and however often it is looked at, and in whatever order the windows' evidence arrives. The
 * mixture is symmetric, so the test is two-sided. With plug-in variances (as here) the guarantee is
 * asymptotic, like that of any z-test.
 */
public final class MixtureSprt {
    private MixtureSprt() {
    }

    /**
     * log Lambda.
     *
     * @param score       S = sum d_i / v_i
     * @param information I = sum 1 / v_i (0: no evidence, log Lambda = 0)
     * @param tau         standard deviation of the normal mixture over the difference, in its units
     */
    public static double logLikelihoodRatio(double score, double information, double tau) {
        if (!(information >= 0) || !(tau > 0)) {
            throw new IllegalArgumentException("need information >= 0 and tau > 0");
        }
        double t2i = tau * tau * information;
        return -0.5 * Math.log1p(t2i) + tau * tau * score * score / (2 * (1 + t2i));
    }

    /** The always-valid p-value of one look, min(1, 1 / Lambda); an experiment keeps the running minimum. */
    public static double pValue(double score, double information, double tau) {
        return Math.min(1.0, Math.exp(-logLikelihoodRatio(score, information, tau)));
    }
}
