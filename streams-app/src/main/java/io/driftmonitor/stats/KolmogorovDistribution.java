package io.driftmonitor.stats;

import org.hipparchus.special.Gamma;

/**
 * Survival function of the one-sample two-sided Kolmogorov-Smirnov statistic D_n for finite n,
 * {@code scipy.stats.kstwo.sf(x, n)}, which {@code scipy.stats.ks_2samp} uses for its asymptotic
 * p-value with n = round(n1 n2 / (n1 + n2)).
 *
 * <p>Hand-written on purpose: agreement with SciPy to 1e-9 requires the same choice of algorithm in
 * each region of (n, x) as SciPy's {@code scipy/stats/_ksstats.py} (Simard and L'Ecuyer 2011):
 * Ruben-Gambino closed forms at the extremes, the Durbin matrix (Marsaglia-Tsang-Wang), the
 * Pomeranz recursion, the Pelz-Good asymptotic series, and twice the one-sided Smirnov
 * distribution. The one-sided Smirnov tail is computed exactly from the Birnbaum-Tingey sum with
 * Loader's saddle-point binomial terms; SciPy computes the same sum in double-double arithmetic and
 * switches to an approximation above n = 10^6, where the two may differ in the last digits.
 */
final class KolmogorovDistribution {
    private static final double TWO_128 = Math.scalb(1.0, 128);
    private static final double TWO_M128 = Math.scalb(1.0, -128);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double MIN_LOG = -708;
    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;
    private static final double[] STIRLING = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
        7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovDistribution() {
    }

    /** P(D_n &gt; x). */
    static double sf(int n, double x) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive");
        }
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.0) {
            return 1.0;
        }
        double t = n * x;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            double prob;
            if (n <= 140) {
                prob = 1.0;
                for (int i = 1; i <= n; i++) {
                    prob *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - prob);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * smirnov(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 0.754693) {
                return clip(1.0 - durbinMatrix(n, x));
            }
            if (nxSquared <= 4) {
                return clip(1.0 - pomeranz(n, x));
            }
            return clip(2 * smirnov(n, x));
        }
        if (nxSquared >= 370.0) {
            return 0.0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * smirnov(n, x));
        }
        double cdf;
        if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
            cdf = durbinMatrix(n, x);
        } else {
            cdf = pelzGood(n, x);
        }
        return clip(1.0 - cdf);
    }

    private static double clip(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }

    static double logNFactorialDivNPowN(int n) {
        double rn = 1.0 / n;
        double x = rn / n;
        double poly = 0;
        for (double c : STIRLING) {
            poly = poly * x + c;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    /** Pr(D_n &lt;= d), Durbin's matrix method as Marsaglia, Tsang and Wang (2003), clipped to [0, 1]. */
    static double durbinMatrix(int n, double d) {
        if (d >= 1.0) {
            return 1.0;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[][] hm = new double[m][m];
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++) {
            v[j - 1] = 1.0 - Math.pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        for (int i = 1; i < m; i++) {
            for (int r = i - 1; r < m; r++) {
                hm[r][i] = w[r - (i - 1)];
            }
        }
        for (int r = 0; r < m; r++) {
            hm[r][0] = v[r];
        }
        for (int c = 0; c < m; c++) {
            hm[m - 1][c] = v[m - 1 - c];
        }
        double[][] power = identity(m);
        int nn = n;
        int exponent = 0;
        int hExponent = 0;
        while (nn > 0) {
            if (nn % 2 == 1) {
                power = multiply(power, hm);
                exponent += hExponent;
            }
            hm = multiply(hm, hm);
            hExponent *= 2;
            if (Math.abs(hm[k - 1][k - 1]) > TWO_128) {
                scale(hm, TWO_M128);
                hExponent += 128;
            }
            nn /= 2;
        }
        double p = power[k - 1][k - 1];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < TWO_M128) {
                p *= TWO_128;
                exponent -= 128;
            }
        }
        if (exponent != 0) {
            p = Math.scalb(p, exponent);
        }
        return clip(p);
    }

    private static double[][] identity(int m) {
        double[][] id = new double[m][m];
        for (int i = 0; i < m; i++) {
            id[i][i] = 1.0;
        }
        return id;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < m; l++) {
                double ail = a[i][l];
                if (ail == 0.0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    c[i][j] += ail * b[l][j];
                }
            }
        }
        return c;
    }

    private static void scale(double[][] a, double factor) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
    }

    private static int[] pomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf) {
        int j1;
        int j2;
        if (i == 0) {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        } else {
            int ip1div2 = (i + 1) / 2;
            int ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0) {
                if (ip1div2 == n + 1) {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                } else {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            } else {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }
        return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
    }

    /** Pr(D_n &lt;= x) by the Pomeranz (1974) recursion, clipped to [0, 1]. */
    static double pomeranz(int n, double x) {
        double t = n * x;
        int ll = (int) Math.floor(t);
        double f = t - ll;
        double g = Math.min(f, 1.0 - f);
        int ceilf = f > 0 ? 1 : 0;
        int roundf = f > 0.5 ? 1 : 0;
        int npwrs = 2 * (ll + 1);
        double[] gpower = new double[npwrs];
        double[] twogpower = new double[npwrs];
        double[] onem2gpower = new double[npwrs];
        gpower[0] = 1.0;
        twogpower[0] = 1.0;
        onem2gpower[0] = 1.0;
        int exponent = 0;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int m = 1; m < npwrs; m++) {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        double[] v0 = new double[npwrs];
        double[] v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0;
        int v1s = 0;
        int[] j = pomeranzJ1J2(0, n, ll, ceilf, roundf);
        for (int i = 1; i < 2 * n + 2; i++) {
            int k1 = j[0];
            double[] swap = v0;
            v0 = v1;
            v1 = swap;
            int swaps = v0s;
            v0s = v1s;
            v1s = swaps;
            java.util.Arrays.fill(v1, 0.0);
            j = pomeranzJ1J2(i, n, ll, ceilf, roundf);
            double[] pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            int ln2 = j[1] - k1 + 1;
            if (ln2 > 0) {
                int start = k1 - v0s;
                int from = Math.max(0, Math.min(start, npwrs));
                int to = Math.max(from, Math.min(start + ln2, npwrs));
                int la = to - from;
                int lb = Math.min(ln2, npwrs);
                double[] conv = new double[Math.max(0, la + lb - 1)];
                for (int a = 0; a < la; a++) {
                    double va = v0[from + a];
                    for (int b = 0; b < lb; b++) {
                        conv[a + b] += va * pwrs[b];
                    }
                }
                int convStart = j[0] - k1;
                int convLen = j[1] - j[0] + 1;
                for (int c = 0; c < convLen; c++) {
                    v1[c] = conv[convStart + c];
                }
                double max = Double.NEGATIVE_INFINITY;
                for (double value : v1) {
                    max = Math.max(max, value);
                }
                if (0 < max && max < TWO_M128) {
                    for (int c = 0; c < npwrs; c++) {
                        v1[c] *= TWO_128;
                    }
                    exponent -= 128;
                }
                v1s = v0s + j[0] - k1;
            }
        }
        double ans = v1[n - v1s];
        for (int m = 1; m <= n; m++) {
            if (Math.abs(ans) > TWO_128) {
                ans *= TWO_M128;
                exponent += 128;
            }
            ans *= m;
        }
        if (exponent != 0) {
            ans = Math.scalb(ans, exponent);
        }
        return clip(ans);
    }

    /** Pr(D_n &lt;= x) from the Pelz-Good (1976) asymptotic series (not clipped, as SciPy). */
    static double pelzGood(int n, double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z3 = z * z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double qlog = -PI2 / 8 / z2;
        if (qlog < MIN_LOG) {
            return 0.0;
        }
        double q = Math.exp(qlog);
        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = PI4 * (1 - 2 * z2) / 16;
        double k3d = PI6 * (5 - 30 * z2) / 64;
        double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.pow(z, 8);
        double[] k = new double[4];
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int kk = maxk; kk > 0; kk--) {
            double m = 2 * kk - 1;
            double m2 = m * m;
            double m4 = Math.pow(m, 4);
            double m6 = Math.pow(m, 6);
            double qpower = Math.pow(q, 8 * kk);
            double[] coeffs = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                k3a + k3b * m2 + k3c * m4 + k3d * m6};
            for (int i = 0; i < 4; i++) {
                k[i] = k[i] * qpower + coeffs[i];
            }
        }
        double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            k[i] = k[i] * q * SQRT_2PI / divisors[i];
        }
        double q2 = Math.exp(-PI2 / 2 / z2);
        double sqrt3z = Math.sqrt(3) * z;
        double k2extra = 0;
        double k3extra = 0;
        for (int kk = maxk; kk > 0; kk--) {
            double ksq = (double) kk * kk;
            double qp = Math.pow(q2, ksq);
            double kspi = Math.PI * kk;
            k2extra += ksq * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        k[2] += k2extra * (PI2 * SQRT_2PI / (-36 * z3));
        k[3] += k3extra * (PI2 * SQRT_2PI / (216 * z6));
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += k[i] / Math.pow(n, i / 2.0);
        }
        return sum;
    }

    /**
     * One-sided Smirnov tail P(D+_n &gt; x) = sum over v = 0..floor(n(1-x)) of
     * x/(x + v/n) * Binomial(v; n, x + v/n) (Birnbaum-Tingey), each binomial term by Loader's
     * saddle-point formula so that large n keeps full relative accuracy.
     */
    static double smirnov(int n, double x) {
        if (x <= 0.0) {
            return 1.0;
        }
        if (x >= 1.0) {
            return 0.0;
        }
        int last = (int) Math.floor(n * (1.0 - x));
        double sum = 0.0;
        double compensation = 0.0;
        for (int v = 0; v <= last; v++) {
            double a = x + (double) v / n;
            double b = 1.0 - a;
            if (b <= 0.0) {
                continue;
            }
            double term = (x / a) * binomialPmf(v, n, a, b);
            double y = term - compensation;
            double s = sum + y;
            compensation = (s - sum) - y;
            sum = s;
        }
        return sum;
    }

    /** Binomial(k; n, p) with q = 1 - p given separately (Loader 2000). */
    static double binomialPmf(int k, int n, double p, double q) {
        if (k == 0) {
            return p < 0.1 ? Math.exp(n * Math.log1p(-p)) : Math.exp(n * Math.log(q));
        }
        if (k == n) {
            return q < 0.1 ? Math.exp(n * Math.log1p(-q)) : Math.exp(n * Math.log(p));
        }
        double lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k)
            - deviance(k, n * p) - deviance(n - k, n * q);
        double lf = LOG_2PI + Math.log(k) + Math.log1p(-(double) k / n);
        return Math.exp(lc - 0.5 * lf);
    }

    /** log(n!) - log(sqrt(2 pi n) (n/e)^n). */
    static double stirlingError(int n) {
        if (n <= 15) {
            return Gamma.logGamma(n + 1.0) - (n + 0.5) * Math.log(n) + n - 0.5 * LOG_2PI;
        }
        double nn = (double) n * n;
        double s0 = 1.0 / 12;
        double s1 = 1.0 / 360;
        double s2 = 1.0 / 1260;
        double s3 = 1.0 / 1680;
        double s4 = 1.0 / 1188;
        if (n > 500) {
            return (s0 - s1 / nn) / n;
        }
        if (n > 80) {
            return (s0 - (s1 - s2 / nn) / nn) / n;
        }
        if (n > 35) {
            return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
        }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
    }

    /** Loader's deviance term x log(x / np) + np - x, computed without cancellation. */
    static double deviance(double x, double np) {
        if (Math.abs(x - np) < 0.1 * (x + np)) {
            double v = (x - np) / (x + np);
            double s = (x - np) * v;
            double ej = 2 * x * v;
            double v2 = v * v;
            for (int j = 1; j < 1000; j++) {
                ej *= v2;
                double s1 = s + ej / (2 * j + 1);
                if (s1 == s) {
                    return s1;
                }
                s = s1;
            }
            return s;
        }
        return x * Math.log(x / np) + np - x;
    }
}
