#!/usr/bin/python3
"""Reference values for the promotion tests (champion vs candidate), computed with SciPy/NumPy.

Run with Debian's interpreter (python3-scipy, python3-numpy) from anywhere:

    /usr/bin/python3 streams-app/src/test/resources/promotion/generate_promotion_reference.py

It writes promotion_cases.json next to itself; PromotionDeciderTest compares at 1e-9 relative.
Fixed seeds: a rerun produces the same file.

- welch: scipy.stats.ttest_ind(candidate, champion, equal_var=False) on raw per-record absolute
  errors, with the raw errors' MAE and RMSE (all the monitor keeps) given to the Java side.
- accuracy: the pooled two-proportion z-test (z from the pooled standard error, p = 2 norm.sf(|z|)).
- auc: AUC from scipy.stats.mannwhitneyu (U / (n1 n0)) on raw scores, Hanley-McNeil (1982)
  variance of each, z = (A2 - A1) / sqrt(V1 + V2), p = 2 norm.sf(|z|).
- mse: z = (MSE2 - MSE1) / sqrt(2 MSE1^2 / n1 + 2 MSE2^2 / n2), p = 2 norm.sf(|z|).
- msprt: the normal-mixture likelihood ratio of per-window estimates d_i ~ N(theta, v_i) against
  theta = 0, Lambda = integral over theta ~ N(0, tau^2) of prod_i N(d_i; theta, v_i) / N(d_i; 0, v_i),
  by numerical integration (scipy.integrate.quad), not by the closed form the Java side uses.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "promotion_cases.json")


def regression_errors(rng, n, scale, bias):
    return rng.normal(bias, scale, n)


def welch_cases(rng):
    cases = []
    for n1, n2, s1, s2, b1, b2 in [(300, 300, 1.0, 1.0, 0.0, 0.0), (400, 250, 1.0, 0.7, 0.0, 0.1),
                                   (200, 900, 2.0, 1.5, 0.5, -0.2), (50, 60, 1.0, 3.0, 0.0, 0.0),
                                   (1000, 1000, 1.0, 1.1, 0.0, 0.0)]:
        e1 = regression_errors(rng, n1, s1, b1)
        e2 = regression_errors(rng, n2, s2, b2)
        r = scipy.stats.ttest_ind(np.abs(e2), np.abs(e1), equal_var=False)
        cases.append({
            "champion": {"n": n1, "mae": float(np.mean(np.abs(e1))), "rmse": float(math.sqrt(np.mean(e1 * e1)))},
            "candidate": {"n": n2, "mae": float(np.mean(np.abs(e2))), "rmse": float(math.sqrt(np.mean(e2 * e2)))},
            "statistic": float(r.statistic), "p_value": float(r.pvalue),
            "mse_z": mse_z(float(np.mean(e1 * e1)), n1, float(np.mean(e2 * e2)), n2),
        })
    return cases


def mse_z(mse1, n1, mse2, n2):
    z = (mse2 - mse1) / math.sqrt(2 * mse1 ** 2 / n1 + 2 * mse2 ** 2 / n2)
    return {"statistic": z, "p_value": float(2 * scipy.stats.norm.sf(abs(z)))}


def accuracy_cases():
    cases = []
    for c, n1, x, n2 in [(170, 200, 190, 200), (850, 1000, 860, 1000), (180, 200, 150, 200), (420, 500, 44, 50)]:
        p1, p2 = c / n1, x / n2
        pooled = (c + x) / (n1 + n2)
        z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        cases.append({"champion": {"correct": c, "n": n1}, "candidate": {"correct": x, "n": n2},
                      "statistic": z, "p_value": float(2 * scipy.stats.norm.sf(abs(z)))})
    return cases


def hanley_mcneil(auc, npos, nneg):
    q1 = auc / (2 - auc)
    q2 = 2 * auc * auc / (1 + auc)
    return (auc * (1 - auc) + (npos - 1) * (q1 - auc * auc) + (nneg - 1) * (q2 - auc * auc)) / (npos * nneg)


def auc_of(rng, npos, nneg, separation):
    pos = rng.normal(separation, 1.0, npos)
    neg = rng.normal(0.0, 1.0, nneg)
    u = scipy.stats.mannwhitneyu(pos, neg).statistic
    return float(u / (npos * nneg))


def auc_cases(rng):
    cases = []
    for (p1, n1, s1), (p2, n2, s2) in [((100, 200, 1.0), (120, 180, 1.5)), ((300, 300, 1.2), (300, 300, 1.2)),
                                       ((50, 400, 2.0), (60, 500, 1.0))]:
        a1, a2 = auc_of(rng, p1, n1, s1), auc_of(rng, p2, n2, s2)
        v1, v2 = hanley_mcneil(a1, p1, n1), hanley_mcneil(a2, p2, n2)
        z = (a2 - a1) / math.sqrt(v1 + v2)
        cases.append({"champion": {"auc": a1, "positives": p1, "negatives": n1, "variance": v1},
                      "candidate": {"auc": a2, "positives": p2, "negatives": n2, "variance": v2},
                      "statistic": z, "p_value": float(2 * scipy.stats.norm.sf(abs(z)))})
    return cases


def msprt_cases(rng):
    import scipy.integrate
    cases = []
    for windows, tau, shift in [(1, 0.05, 0.0), (3, 0.05, 0.02), (8, 0.1, 0.0), (12, 0.02, 0.01), (20, 0.05, 0.04)]:
        v = rng.uniform(0.5e-3, 2e-3, windows)
        d = rng.normal(shift, np.sqrt(v))
        score, info = float(np.sum(d / v)), float(np.sum(1 / v))
        sd = 1 / math.sqrt(info)
        center = score / info
        # log of the integrand, relative to theta = 0: theta S - theta^2 I / 2, times the mixture density
        def integrand(t):
            return math.exp(t * score - t * t * info / 2) * scipy.stats.norm.pdf(t, 0, tau)
        lo, hi = min(-8 * tau, center - 12 * sd), max(8 * tau, center + 12 * sd)
        value, _ = scipy.integrate.quad(integrand, lo, hi, epsabs=0, epsrel=1e-13, limit=500,
                                        points=[0.0, center])
        cases.append({"differences": d.tolist(), "variances": v.tolist(), "tau": tau,
                      "score": score, "information": info, "log_lambda": math.log(value)})
    return cases


def main():
    meta = {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    payload = {"meta": meta, "welch": welch_cases(np.random.default_rng(77)), "accuracy": accuracy_cases(),
               "auc": auc_cases(np.random.default_rng(78)), "msprt": msprt_cases(np.random.default_rng(79))}
    with open(OUT, "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
