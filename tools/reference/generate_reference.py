#!/usr/bin/python3
"""Reference values for the drift-monitor statistics core, computed with SciPy/NumPy.

Run with Debian's interpreter (python3-scipy, python3-numpy):

    /usr/bin/python3 tools/reference/generate_reference.py

It writes JSON files into streams-app/src/test/resources/stats/. The Java tests read them and
compare at 1e-9 relative wherever the method is exact. Every random draw uses a fixed seed, so a
rerun produces byte-identical files. The 10^6-sample case is not stored as raw values: both sides
generate it from the integer formula in ``formula_sample`` (only +, *, / and integer modulo, which
IEEE-754 doubles evaluate identically in Python and Java).

Binning follows the README (How it decides, Bins): interior edges e1 < ... < e(k-1); bin i holds the values with
exactly i edges <= value (numpy.searchsorted(edges, x, side="right")). Edges come from
``quantile_edges`` below, the definition documented in docs/statistics.md.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.special
import scipy.stats
from scipy.spatial.distance import jensenshannon
from scipy.stats._stats_py import _attempt_exact_2kssamp

EPSILON = 1e-4          # Proportions.EPSILON in Java
STD_FLOOR = 0.001       # Wasserstein normalisation floor (Evidently's)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "streams-app", "src", "test", "resources", "stats")


# ---------------------------------------------------------------- definitions mirrored in Java

def quantile_edges(values, bins):
    """QuantileEdges.fromSample: numpy linear quantiles at j/bins of the finite values, kept when
    strictly above the sample minimum and the previous edge; a constant sample gets [c, nextUp(c)]."""
    v = np.sort(np.asarray(values, dtype=float)[np.isfinite(values)])
    if v.size == 0:
        return []
    edges = []
    for j in range(1, bins):
        e = float(np.quantile(v, j / bins))
        if e > v[0] and (not edges or e > edges[-1]):
            edges.append(e)
    if not edges and v[0] == v[-1]:
        c = float(v[0])
        edges = [c, float(np.nextafter(c, np.inf))]
    return edges


def bin_counts(values, edges):
    x = np.asarray(values, dtype=float)
    finite = x[np.isfinite(x)]
    idx = np.searchsorted(np.asarray(edges, dtype=float), finite, side="right")
    counts = np.bincount(idx, minlength=len(edges) + 1)
    return [int(c) for c in counts], {
        "missing": int(np.isnan(x).sum()),
        "negative_infinity": int((x == -np.inf).sum()),
        "positive_infinity": int((x == np.inf).sum()),
    }


def proportions_eps(counts):
    c = np.asarray(counts, dtype=float)
    n = c.sum()
    p = c / n if n > 0 else np.zeros_like(c)
    return np.where(p == 0.0, EPSILON, p)


def psi(ref, cur):
    p, q = proportions_eps(ref), proportions_eps(cur)
    return float(np.sum((q - p) * np.log(q / p)))


def kl(ref, cur):
    """KL(reference || current) in nats, epsilon for empty bins, no renormalisation."""
    p, q = proportions_eps(ref), proportions_eps(cur)
    return float(np.sum(scipy.special.rel_entr(p, q)))


def js(ref, cur):
    return float(jensenshannon(np.asarray(ref, float), np.asarray(cur, float), base=2))


def hellinger(ref, cur):
    p = np.asarray(ref, float) / np.sum(ref)
    q = np.asarray(cur, float) / np.sum(cur)
    return float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2))


def chi2(ref, cur):
    """chi2_contingency(correction=False) on the 2 x k table, columns empty in both rows dropped."""
    table = np.array([ref, cur], dtype=float)
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2 or (table.sum(axis=1) == 0).any():
        return {"statistic": 0.0, "p_value": 1.0, "dof": 0}
    stat, p, dof, _ = scipy.stats.chi2_contingency(table, correction=False)
    return {"statistic": float(stat), "p_value": float(p), "dof": int(dof)}


# KolmogorovSmirnov.MAX_EXACT_CELLS_BINNED: the binned test's exact p-value is bounded in cost.
MAX_EXACT_CELLS_BINNED = 1 << 16


def exact_cells(n1, n2, g, h):
    """Rows x band width of the lattice-path count (KolmogorovSmirnov.exactCells)."""
    m = max(n1, n2)
    mg = m // g
    return m * (2 * ((h + mg - 1) // mg) + 1)


def ks_pvalue(d, n1, n2, max_cells=None):
    """The p-value ks_2samp(method='auto', alternative='two-sided') attaches to a statistic d;
    with max_cells, method='asymp' where the exact count would visit more lattice cells."""
    g = math.gcd(n1, n2)
    mode = "exact" if max(n1, n2) <= 10000 else "asymp"
    if mode == "exact" and max_cells is not None and n1 != n2:
        lcm = n1 // g * n2
        h = int(np.round(d * lcm))
        if h != 0 and exact_cells(n1, n2, g, h) > max_cells:
            mode = "asymp"
    if mode == "exact":
        ok, d2, prob = _attempt_exact_2kssamp(n1, n2, g, d, "two-sided")
        if ok:
            return float(np.clip(prob, 0, 1)), "exact", float(d2)
    m, n = sorted([float(n1), float(n2)], reverse=True)
    en = m * n / (m + n)
    return float(np.clip(scipy.stats.kstwo.sf(d, np.round(en)), 0, 1)), "asymp", float(d)


def binned_ks(ref, cur, n1, n2):
    fr = np.cumsum(ref) / n1
    fc = np.cumsum(cur) / n2
    d = float(np.max(np.abs(fr - fc)))
    lo_r, lo_c = np.concatenate([[0.0], fr[:-1]]), np.concatenate([[0.0], fc[:-1]])
    upper = float(np.max(np.maximum(np.abs(fr - lo_c), np.abs(lo_r - fc))))
    p, method, _ = ks_pvalue(d, n1, n2, MAX_EXACT_CELLS_BINNED)
    return {"statistic": d, "upper_bound": upper, "p_value": p, "method": method}


def representative_points(edges):
    """Bin midpoints; the two outer bins sit at their finite edge (Wasserstein.binned)."""
    e = list(edges)
    return [e[0]] + [(e[i] + e[i + 1]) / 2.0 for i in range(len(e) - 1)] + [e[-1]]


def binned_wasserstein(edges, ref, cur):
    if not edges or sum(ref) == 0 or sum(cur) == 0:
        return 0.0
    pts = representative_points(edges)
    return float(scipy.stats.wasserstein_distance(pts, pts, ref, cur))


def formula_sample(n, seed_mul, modulus, scale, shift):
    i = np.arange(n, dtype=np.int64)
    u = ((i * seed_mul + 13) % modulus).astype(float) / float(modulus)
    return u * u * scale + shift


# ---------------------------------------------------------------- cases

def numeric_case(name, ref, cur, bins=10):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    edges = quantile_edges(ref, bins)
    rc, rx = bin_counts(ref, edges)
    cc, cx = bin_counts(cur, edges)
    rf, cf = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
    out = {"name": name, "bins": bins, "edges": edges,
           "reference_counts": rc, "current_counts": cc, "reference_extra": rx, "current_extra": cx}
    if sum(rc) > 0 and sum(cc) > 0:
        out["psi"] = psi(rc, cc)
        out["kl"] = kl(rc, cc)
        out["js"] = js(rc, cc)
        out["hellinger"] = hellinger(rc, cc)
        out["chi2"] = chi2(rc, cc)
        out["binned_ks"] = binned_ks(rc, cc, sum(rc), sum(cc))
        out["binned_wasserstein"] = binned_wasserstein(edges, rc, cc)
        w = float(scipy.stats.wasserstein_distance(rf, cf))
        out["wasserstein"] = w
        out["reference_std"] = float(np.std(rf))
        out["wasserstein_norm"] = w / max(float(np.std(rf)), STD_FLOOR)
        ks = scipy.stats.ks_2samp(rf, cf)
        _, method, _ = ks_pvalue(float(ks.statistic), rf.size, cf.size)
        out["ks"] = {"statistic": float(ks.statistic), "p_value": float(ks.pvalue), "method": method}
    return out


def with_raw(case, ref, cur):
    case["reference"] = [float(x) for x in ref]
    case["current"] = [float(x) for x in cur]
    return case


def numeric_cases(rng):
    cases = []

    def add(name, ref, cur, bins=10):
        cases.append(with_raw(numeric_case(name, ref, cur, bins), ref, cur))

    add("normal_shift", rng.normal(0, 1, 1000), rng.normal(0.3, 1, 800))
    add("normal_same", rng.normal(0, 1, 500), rng.normal(0, 1, 600))
    add("heavy_tailed_t2", rng.standard_t(2, 1500), 1.3 * rng.standard_t(2, 1200))
    add("skewed_lognormal", rng.lognormal(0, 1, 1000), rng.lognormal(0.2, 1, 900), bins=20)
    add("discrete_heavy_ties", rng.poisson(3, 1000).astype(float), rng.poisson(3.5, 700).astype(float))
    add("binary_ties", rng.integers(0, 2, 400).astype(float), (rng.random(300) < 0.6).astype(float))
    add("constant_reference", np.full(200, 5.0), np.concatenate([np.full(120, 5.0), np.full(30, 6.0)]))
    add("constant_both", np.full(50, -2.5), np.full(40, -2.5))
    ref = rng.normal(10, 2, 700)
    ref[rng.random(700) < 0.05] = np.nan
    cur = rng.normal(10.5, 2, 650)
    cur[rng.random(650) < 0.1] = np.nan
    cur[:3] = np.inf
    cur[3] = -np.inf
    add("nans_and_infinities", ref, cur)
    for n1, n2 in [(1, 1), (1, 5), (3, 2), (5, 7), (10, 10), (20, 13), (7, 20), (2, 19), (16, 16)]:
        add(f"tiny_{n1}_{n2}", np.round(rng.normal(0, 1, n1), 3), np.round(rng.normal(0.5, 1, n2), 3), bins=4)
    add("exact_large_unequal", rng.normal(0, 1, 3000), rng.normal(0.05, 1, 4000))
    add("exact_equal_sizes", rng.exponential(1, 2500), rng.exponential(1.1, 2500))
    add("asymptotic_unequal", np.round(rng.normal(0, 1, 12000), 4), np.round(rng.normal(0.02, 1.05, 10500), 4))
    add("asymptotic_tiny_vs_large", rng.normal(0, 1, 12000), rng.normal(0.8, 1, 6))
    # Binned exact count over 8000 rows x ~600 cells > MAX_EXACT_CELLS_BINNED: asymptotic p-value.
    add("binned_asymptotic_by_cost", rng.normal(0, 1, 8000), rng.normal(0.1, 1, 5000))
    return cases


def formula_cases():
    out = []
    for name, n, cur_scale, cur_shift in [("formula_1e6_shift", 1_000_000, 10.3, 0.05),
                                          ("formula_1e6_same_shape", 1_000_000, 10.0, 0.0)]:
        spec_ref = {"n": n, "multiplier": 7919, "modulus": 1000003, "scale": 10.0, "shift": 0.0}
        spec_cur = {"n": n, "multiplier": 104729, "modulus": 999983, "scale": cur_scale, "shift": cur_shift}
        ref = formula_sample(n, 7919, 1000003, 10.0, 0.0)
        cur = formula_sample(n, 104729, 999983, cur_scale, cur_shift)
        case = numeric_case(name, ref, cur, bins=10)
        case["reference_formula"] = spec_ref
        case["current_formula"] = spec_cur
        out.append(case)
    return out


def categorical_case(name, ref, cur, top_k):
    values, counts = np.unique(np.asarray(ref, dtype=object).astype(str), return_counts=True)
    order = sorted(range(len(values)), key=lambda i: (-counts[i], values[i]))
    cats = [str(values[i]) for i in order[:top_k]]
    index = {c: i for i, c in enumerate(cats)}

    def count(xs):
        c = [0] * (len(cats) + 1)
        missing = 0
        for x in xs:
            if x is None:
                missing += 1
            else:
                c[index.get(x, len(cats))] += 1
        return c, missing

    rc, rm = count(ref)
    cc, cm = count(cur)
    seen = set(x for x in ref if x is not None)
    cur_present = [x for x in cur if x is not None]
    new = sum(1 for x in cur_present if x not in seen)
    return {"name": name, "top_k": top_k, "categories": cats,
            "reference": ref, "current": cur,
            "reference_counts": rc, "current_counts": cc, "reference_missing": rm, "current_missing": cm,
            "new_category_share": new / len(cur_present) if cur_present else 0.0,
            "psi": psi(rc, cc), "kl": kl(rc, cc), "js": js(rc, cc), "hellinger": hellinger(rc, cc),
            "chi2": chi2(rc, cc)}


def categorical_cases(rng):
    letters = ["a", "b", "c", "d", "e", "f"]
    ref = list(rng.choice(letters, 600, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05]))
    cur = list(rng.choice(letters + ["g", "h"], 500, p=[0.25, 0.25, 0.2, 0.1, 0.05, 0.05, 0.07, 0.03]))
    cur[:7] = [None] * 7
    ref = [str(x) if x is not None else None for x in ref]
    cur = [str(x) if x is not None else None for x in cur]
    same = [str(x) for x in rng.choice(letters, 400, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])]
    two = [str(x) for x in rng.choice(["yes", "no"], 300, p=[0.7, 0.3])]
    two_cur = [str(x) for x in rng.choice(["yes", "no"], 250, p=[0.6, 0.4])]
    return [categorical_case("shift_with_unseen_top4", ref, cur, 4),
            categorical_case("all_categories_top10", ref, cur, 10),
            categorical_case("same_distribution", ref, same, 10),
            categorical_case("binary", two, two_cur, 10)]


def ks_distribution_cases():
    """kstwo.sf(d, n), the one-sample two-sided distribution behind ks_2samp's asymptotic p-value,
    on a grid that reaches every branch of scipy's kolmogn."""
    out = []
    for n in [1, 2, 3, 5, 10, 50, 100, 140, 141, 500, 1000, 5000, 20000, 100000, 100001, 500000]:
        for x in [0.0005, 0.001, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3,
                  0.45, 0.5, 0.7, 0.9, 0.99]:
            sf = float(scipy.stats.kstwo.sf(x, n))
            if sf > 1e-280:
                out.append({"n": n, "d": x, "sf": sf})
        for t in [0.6, 0.9]:
            x = t / n
            out.append({"n": n, "d": x, "sf": float(scipy.stats.kstwo.sf(x, n))})
    return out


def ks_exact_cases():
    out = []
    for n1, n2 in [(1, 1), (2, 3), (5, 5), (7, 13), (10, 25), (50, 50), (100, 37), (300, 700),
                   (1000, 999), (2000, 2000), (10000, 6000), (10000, 10000)]:
        g = math.gcd(n1, n2)
        lcm = n1 // g * n2
        for frac in [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8]:
            h = max(1, int(round(frac * lcm)))
            d = h / lcm
            ok, d2, p = _attempt_exact_2kssamp(n1, n2, g, d, "two-sided")
            if ok:
                out.append({"n1": n1, "n2": n2, "d": d, "p_value": float(np.clip(p, 0, 1))})
    return out


def ztest_cases():
    out = []
    for x1, n1, x2, n2 in [(30, 100, 45, 100), (500, 1000, 520, 1000), (3, 10, 7, 12), (0, 50, 5, 50),
                           (990, 1000, 995, 1000), (123456, 1000000, 124999, 1000000), (10, 10, 10, 10)]:
        p1, p2 = x1 / n1, x2 / n2
        pooled = (x1 + x2) / (n1 + n2)
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        if se == 0:
            z, p = 0.0, 1.0
        else:
            z = (p2 - p1) / se
            p = float(2 * scipy.stats.norm.sf(abs(z)))
        out.append({"reference_successes": x1, "reference_count": n1, "current_successes": x2,
                    "current_count": n2, "z": z, "p_value": p})
    return out


def psi_threshold_cases():
    out = []
    for n, m, k, alpha in [(10000, 1000, 10, 0.05), (10000, 1000, 10, 0.001), (500, 200, 5, 0.01),
                           (100000, 50, 20, 0.05), (2000, 2000, 2, 0.05)]:
        q = float(scipy.stats.chi2.ppf(1 - alpha, k - 1))
        out.append({"reference_count": n, "current_count": m, "bins": k, "alpha": alpha,
                    "threshold": (1 / n + 1 / m) * q,
                    "p_value_at_0_1": float(scipy.stats.chi2.sf(0.1 / (1 / n + 1 / m), k - 1))})
    return out


def evidently_bins(ref, cur):
    """Evidently's PSI binning (evidently/calculations/stattests/utils.py: get_binned_data), as
    interior edges in our convention: Sturges over reference + current when the reference has more
    than 20 distinct values, else one bin per distinct value of either side."""
    r = ref[np.isfinite(ref)]
    both = np.concatenate([r, cur[np.isfinite(cur)]])
    if len(np.unique(r)) > 20:
        return [float(e) for e in np.histogram_bin_edges(both, bins="sturges")[1:-1]]
    return [float(e) for e in np.unique(both)[1:]]


def evidently_psi(ref_counts, cur_counts):
    def floored(c):
        p = np.asarray(c, float) / np.sum(c)
        m = p[p != 0].min()
        p[p == 0] = m / 10**6 if m <= 0.0001 else 0.0001
        return p
    p, q = floored(ref_counts), floored(cur_counts)
    return float(np.sum((p - q) * np.log(p / q)))


def compare_fixture(rng):
    """Two CSV files and the `drift-monitor compare` output NumPy/SciPy give for them (--bins 10)."""
    import csv
    import io
    n_ref, n_cur = 1500, 1100
    ref = {
        "age": np.round(rng.normal(40, 12, n_ref), 0),
        "income": np.round(rng.lognormal(10, 0.8, n_ref), 2),
        "score": rng.random(n_ref),
        "country": rng.choice(["DE", "FR", "US", "IT", "ES"], n_ref, p=[0.3, 0.2, 0.3, 0.1, 0.1]),
        "clicks": rng.poisson(2, n_ref).astype(float),
    }
    cur = {
        "age": np.round(rng.normal(43, 12, n_cur), 0),
        "income": np.round(rng.lognormal(10.1, 0.8, n_cur), 2),
        "score": rng.random(n_cur) ** 1.2,
        "country": rng.choice(["DE", "FR", "US", "IT", "PL"], n_cur, p=[0.25, 0.2, 0.35, 0.1, 0.1]),
        "clicks": rng.poisson(2.2, n_cur).astype(float),
    }
    ref["income"][rng.random(n_ref) < 0.03] = np.nan
    cur["income"][rng.random(n_cur) < 0.08] = np.nan
    ref_country = [str(x) for x in ref["country"]]
    cur_country = [str(x) for x in cur["country"]]
    for i in range(0, n_cur, 97):
        cur_country[i] = None

    def to_csv(cols, country, n):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        names = ["age", "income", "country", "score", "clicks"]
        w.writerow(names)
        for i in range(n):
            row = []
            for name in names:
                if name == "country":
                    row.append("" if country[i] is None else country[i])
                else:
                    v = cols[name][i]
                    row.append("" if np.isnan(v) else repr(float(v)))
            w.writerow(row)
        return buf.getvalue()

    columns = []
    for name in ["age", "income", "country", "score", "clicks"]:
        if name == "country":
            case = categorical_case(name, ref_country, cur_country, 100)
            rc, cc = case["reference_counts"], case["current_counts"]
            columns.append({
                "name": name, "kind": "categorical",
                "reference_count": sum(rc), "current_count": sum(cc),
                "missing": {"reference": case["reference_missing"], "current": case["current_missing"]},
                "categories": case["categories"] + ["__other__"],
                "reference_counts": rc, "current_counts": cc,
                "metrics": {"psi": case["psi"], "kl": case["kl"], "js": case["js"], "hellinger": case["hellinger"],
                            "wasserstein": None, "wasserstein_norm": None, "ks": None, "chi2": case["chi2"],
                            "new_category_share": case["new_category_share"]}})
        else:
            case = numeric_case(name, ref[name], cur[name], 10)
            columns.append({
                "name": name, "kind": "numeric",
                "reference_count": sum(case["reference_counts"]), "current_count": sum(case["current_counts"]),
                "missing": {"reference": case["reference_extra"]["missing"], "current": case["current_extra"]["missing"]},
                "edges": case["edges"],
                "reference_counts": case["reference_counts"], "current_counts": case["current_counts"],
                "metrics": {"psi": case["psi"], "kl": case["kl"], "js": case["js"], "hellinger": case["hellinger"],
                            "wasserstein": case["wasserstein"], "wasserstein_norm": case["wasserstein_norm"],
                            "ks": {"statistic": case["ks"]["statistic"], "p_value": case["ks"]["p_value"]},
                            "chi2": case["chi2"]}})
    evidently = []
    for name in ["age", "income", "score", "clicks"]:
        r, c = np.asarray(ref[name], float), np.asarray(cur[name], float)
        edges = evidently_bins(r, c)
        rc, _ = bin_counts(r, edges)
        cc, _ = bin_counts(c, edges)
        # np.histogram over the Sturges edges must give the same counts as our convention
        if len(np.unique(r[np.isfinite(r)])) > 20:
            full = np.histogram_bin_edges(np.concatenate([r[np.isfinite(r)], c[np.isfinite(c)]]), bins="sturges")
            assert list(np.histogram(r[np.isfinite(r)], full)[0]) == rc
        evidently.append({"name": name, "edges": edges, "reference_counts": rc, "current_counts": cc,
                          "psi": evidently_psi(rc, cc)})
    return (to_csv(ref, ref_country, n_ref), to_csv(cur, cur_country, n_cur),
            {"columns": columns}, {"columns": evidently})


def performance_cases(rng):
    """Classification and regression metrics with NumPy/SciPy (no scikit-learn on Debian's list)."""
    labels = ["cat", "dog", "eel"]
    n = 800
    actual = rng.choice(labels, n, p=[0.5, 0.3, 0.2])
    predicted = np.where(rng.random(n) < 0.7, actual, rng.choice(labels, n))
    cm = [[int(np.sum((actual == a) & (predicted == b))) for b in labels] for a in labels]
    cm_arr = np.array(cm, dtype=float)
    tp = np.diag(cm_arr)
    precision = np.divide(tp, cm_arr.sum(axis=0), out=np.zeros(3), where=cm_arr.sum(axis=0) > 0)
    recall = np.divide(tp, cm_arr.sum(axis=1), out=np.zeros(3), where=cm_arr.sum(axis=1) > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros(3), where=(precision + recall) > 0)
    micro = float(tp.sum() / cm_arr.sum())
    multiclass = {"labels": labels, "actual": [str(x) for x in actual], "predicted": [str(x) for x in predicted],
                  "confusion": cm, "accuracy": float(tp.sum() / cm_arr.sum()),
                  "precision": precision.tolist(), "recall": recall.tolist(), "f1": f1.tolist(),
                  "macro_precision": float(precision.mean()), "macro_recall": float(recall.mean()),
                  "macro_f1": float(f1.mean()), "micro_f1": micro}

    m = 3000
    y = (rng.random(m) < 0.35).astype(int)
    raw = 1 / (1 + np.exp(-(rng.normal(0, 1, m) + 1.2 * (2 * y - 1))))
    scores = np.round(raw, 6)
    pos, neg = scores[y == 1], scores[y == 0]
    auc = float(scipy.stats.mannwhitneyu(pos, neg).statistic / (pos.size * neg.size))
    bins = 1000
    q = np.minimum(np.floor(scores * bins), bins - 1)
    auc_binned = float(scipy.stats.mannwhitneyu(q[y == 1], q[y == 0]).statistic / (pos.size * neg.size))
    eps = 1e-15
    pc = np.clip(scores, eps, 1 - eps)
    log_loss = float(-np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc)))
    pred = (scores >= 0.5).astype(int)
    conf = np.where(pred == 1, scores, 1 - scores)
    correct = (pred == y).astype(float)
    ece_bins = 10
    b = np.minimum(np.floor(conf * ece_bins), ece_bins - 1).astype(int)
    ece = 0.0
    for i in range(ece_bins):
        sel = b == i
        if sel.any():
            ece += sel.sum() / m * abs(correct[sel].mean() - conf[sel].mean())
    tp_b = int(np.sum((pred == 1) & (y == 1)))
    fp_b = int(np.sum((pred == 1) & (y == 0)))
    fn_b = int(np.sum((pred == 0) & (y == 1)))
    binary = {"labels": y.tolist(), "scores": scores.tolist(), "auc": auc, "auc_binned_1000": auc_binned,
              "log_loss": log_loss, "ece_10": float(ece), "threshold": 0.5,
              "precision": tp_b / (tp_b + fp_b), "recall": tp_b / (tp_b + fn_b),
              "f1": 2 * tp_b / (2 * tp_b + fp_b + fn_b), "accuracy": float(correct.mean())}

    truth = rng.lognormal(3, 1, 500)
    truth[:5] = 0.0
    pred_r = truth * rng.normal(1, 0.1, 500) + rng.normal(0, 1, 500)
    err = pred_r - truth
    nz = truth != 0
    regression = {"actual": truth.tolist(), "predicted": pred_r.tolist(),
                  "mae": float(np.mean(np.abs(err))), "rmse": float(np.sqrt(np.mean(err ** 2))),
                  "mape": float(np.mean(np.abs(err[nz]) / np.abs(truth[nz])))}
    return {"multiclass": multiclass, "binary": binary, "regression": regression}


def weighted_isotonic(y, w):
    """Pool-adjacent-violators of y with weights w (x already sorted), the fitted value per point."""
    blocks = []  # [mean, weight, count of points]
    for yi, wi in zip(y, w):
        blocks.append([yi, wi, 1])
        while len(blocks) > 1 and blocks[-2][0] >= blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    return np.concatenate([np.full(c, m) for m, _, c in blocks])


def label_free_case(rng):
    """CBPE on 1000-bin score histograms: isotonic calibration of the reference, expected confusion."""
    bins = 1000
    centres = (np.arange(bins) + 0.5) / bins

    def binned(scores):
        return np.minimum(np.floor(scores * bins), bins - 1).astype(int)

    n_ref = 6000
    ref_scores = rng.beta(2, 3, n_ref)
    ref_labels = rng.random(n_ref) < ref_scores ** 1.3
    ref_pos = np.bincount(binned(ref_scores[ref_labels]), minlength=bins)
    ref_neg = np.bincount(binned(ref_scores[~ref_labels]), minlength=bins)
    weight = (ref_pos + ref_neg).astype(float)
    used = weight > 0
    fitted = weighted_isotonic(ref_pos[used] / weight[used], weight[used])
    p = np.interp(centres, centres[used], fitted)   # linear between fitted points, clipped outside

    n_win = 4000
    win_scores = rng.beta(3, 2, n_win)
    predicted_positive = win_scores >= 0.5
    win_pos = np.bincount(binned(win_scores[predicted_positive]), minlength=bins)
    win_neg = np.bincount(binned(win_scores[~predicted_positive]), minlength=bins)
    tp = float(np.sum(win_pos * p))
    fp = float(np.sum(win_pos * (1 - p)))
    fn = float(np.sum(win_neg * p))
    tn = float(np.sum(win_neg * (1 - p)))
    n = win_pos.sum() + win_neg.sum()
    count = win_pos + win_neg
    ep, en = count * p, count * (1 - p)
    below = np.concatenate([[0.0], np.cumsum(en)[:-1]])
    auc = float(np.sum(ep * (below + 0.5 * en)) / (ep.sum() * en.sum()))
    return {"bins": bins, "reference_positives": ref_pos.tolist(), "reference_negatives": ref_neg.tolist(),
            "window_predicted_positive": win_pos.tolist(), "window_predicted_negative": win_neg.tolist(),
            "accuracy": (tp + tn) / n, "precision": tp / (tp + fp), "recall": tp / (tp + fn),
            "f1": 2 * tp / (2 * tp + fp + fn), "roc_auc": auc,
            "accuracy_standard_error": float(np.sqrt(np.sum(count * p * (1 - p))) / n)}


def performance_baseline_case():
    """Accuracy drop (one-sided pooled z-test) and label shift (chi-square) against a reference window."""
    ref_correct, ref_n, cur_correct, cur_n = 410, 500, 160, 220
    p1, p2 = ref_correct / ref_n, cur_correct / cur_n
    pooled = (ref_correct + cur_correct) / (ref_n + cur_n)
    z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (1 / ref_n + 1 / cur_n))
    ref_labels, cur_labels = [300, 200], [100, 120]
    chi2, p, _, _ = scipy.stats.chi2_contingency(np.array([ref_labels, cur_labels]), correction=False)
    return {"reference_correct": ref_correct, "reference_n": ref_n, "current_correct": cur_correct, "current_n": cur_n,
            "accuracy_drop": p1 - p2, "accuracy_drop_p_value": float(scipy.stats.norm.cdf(z)),
            "reference_labels": ref_labels, "current_labels": cur_labels, "label_shift_p_value": float(p)}


# ---------------------------------------------------------------- embedding drift

MASK64 = (1 << 64) - 1


class SplittableRandom:
    """java.util.SplittableRandom(seed): SplitMix64 with the golden gamma; nextDouble = (nextLong >>> 11) * 2^-53."""
    GOLDEN_GAMMA = 0x9E3779B97F4A7C15

    def __init__(self, seed):
        self.seed = seed & MASK64

    def next_long(self):
        self.seed = (self.seed + self.GOLDEN_GAMMA) & MASK64
        z = self.seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53


def rff_parameters(dimension, features, bandwidth, seed):
    """W and b of RandomFourierMmd: W[j][i] = Box-Muller(SplittableRandom) / bandwidth, b[j] = 2 pi U."""
    r = SplittableRandom(seed)
    w = np.empty((features, dimension))
    b = np.empty(features)
    for j in range(features):
        for i in range(dimension):
            u1 = 1.0 - r.next_double()
            u2 = r.next_double()
            w[j, i] = math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2) / bandwidth
        b[j] = 2 * math.pi * r.next_double()
    return w, b


def rff(x, w, b):
    return math.sqrt(2.0 / w.shape[0]) * np.cos(x @ w.T + b)


def median_heuristic(x32):
    """Median pairwise Euclidean distance; differences in float32 as Java's float arithmetic, squares in double."""
    n = min(len(x32), 1000)
    d = []
    for i in range(n):
        diff = (x32[i] - x32[i + 1:n]).astype(np.float64)
        d.append(np.sqrt((diff * diff).sum(axis=1)))
    return float(np.median(np.concatenate(d)))


def gaussian_mmd2(x, y, bandwidth):
    """Biased (V-statistic) MMD^2 with exp(-||x - y||^2 / (2 bandwidth^2))."""
    def k(a, c):
        d2 = (a * a).sum(1)[:, None] + (c * c).sum(1)[None, :] - 2 * a @ c.T
        return np.exp(-np.maximum(d2, 0) / (2 * bandwidth ** 2))
    return float(k(x, x).mean() + k(y, y).mean() - 2 * k(x, y).mean())


def embedding_case(name, rng, dimension, n, m, shift, scale=1.0, features=64, seed=12345):
    x32 = rng.normal(0, 1, size=(n, dimension)).astype(np.float32)
    y32 = (rng.normal(0, 1, size=(m, dimension)) * scale + shift).astype(np.float32)
    x = x32.astype(np.float64)
    y = y32.astype(np.float64)
    mu_x, mu_y = x.mean(0), y.mean(0)
    euclidean = float(np.linalg.norm(mu_x - mu_y))
    cosine = float(1 - mu_x @ mu_y / (np.linalg.norm(mu_x) * np.linalg.norm(mu_y)))
    tr_x = float(x.var(0).sum())
    tr_y = float(y.var(0).sum())
    t = euclidean ** 2 / (tr_x / n + tr_y / m)
    bandwidth = median_heuristic(x32)
    out = {"name": name, "dimension": dimension, "baseline": x32.astype(float).tolist(),
           "window": y32.astype(float).tolist(),
           "centroid": {"euclidean": euclidean, "cosine": cosine, "baseline_spread": math.sqrt(tr_x),
                        "normalised": euclidean / math.sqrt(tr_x), "standardised": t,
                        "p_value": float(scipy.stats.chi2.sf(t, 1))},
           "bandwidth": bandwidth, "seed": seed, "exact_mmd2": gaussian_mmd2(x, y, bandwidth), "rff": []}
    for d_features in (features, 2048):
        w, b = rff_parameters(dimension, d_features, bandwidth, seed)
        px, py = rff(x, w, b), rff(y, w, b)
        mean_x, mean_y = px.mean(0), py.mean(0)
        mmd2 = float(((mean_x - mean_y) ** 2).sum())
        cov = np.cov(px, rowvar=False, bias=True)
        trace = float(np.trace(cov))
        trace2 = float((cov * cov.T).sum())
        g = (1.0 / n + 1.0 / m) * trace2 / trace
        h = trace ** 2 / trace2
        # MMD^2_RFF = mean over features j of z_j = (D/1)(mean_x phi_j - mean_y phi_j)^2, E z_j = exact MMD^2
        z = d_features * (mean_x - mean_y) ** 2
        out["rff"].append({"features": d_features, "mmd2": mmd2, "trace": trace, "trace_squared": trace2,
                           "null_scale": g, "null_dof": h, "p_value": float(scipy.stats.chi2.sf(mmd2 / g, h)),
                           "threshold_001": float(g * scipy.stats.chi2.isf(0.01, h)),
                           "feature_sd": float(z.std(ddof=1)), "first_features": px[0, :8].tolist()})
    return out


def embedding_cases(rng):
    return [embedding_case("no_shift_d8", rng, 8, 300, 200, 0.0),
            embedding_case("small_shift_d8", rng, 8, 300, 200, 0.15),
            embedding_case("shift_d16", rng, 16, 300, 200, 0.4),
            embedding_case("scale_d16", rng, 16, 300, 200, 0.0, scale=1.3)]


# ---------------------------------------------------------------- multivariate (PCA reconstruction)

def pca_reconstruction(x, variance):
    """PcaReconstruction.fit: standardise by the mean and population std (1 for a constant column),
    eigenvectors of the correlation matrix by decreasing eigenvalue, the first k (1 <= k <= d - 1)
    explaining at least `variance` of its trace; Q = I - V_k V_k^T."""
    mean = x.mean(0)
    std = x.std(0)
    std[std == 0] = 1.0
    z = (x - mean) / std
    r = np.cov(z, rowvar=False, bias=True)
    values, vectors = np.linalg.eigh(r)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    d = len(values)
    k, explained = 1, max(values[0], 0)
    total = np.clip(values, 0, None).sum()
    while k < d - 1 and explained < variance * total:
        explained += max(values[k], 0)
        k += 1
    q = np.eye(d) - vectors[:, :k] @ vectors[:, :k].T
    return mean, std, values, k, q


def multivariate_case(name, rng, n, m, base_cov, window_cov, base_mean, window_mean, variance=0.65):
    d = len(base_mean)
    x = rng.multivariate_normal(base_mean, base_cov, size=n)
    y = rng.multivariate_normal(window_mean, window_cov, size=m)
    mean, std, values, k, q = pca_reconstruction(x, variance)
    zy = (y - mean) / std
    errors = ((zy @ q) * zy).sum(1)          # ||Q z||^2 per row (Q symmetric, idempotent)
    window_error = float(errors.mean())
    residual = np.clip(values[k:], 0, None)
    l1, l2 = float(residual.sum()), float((residual ** 2).sum())
    g = l2 * (1.0 / m + 1.0 / n) / l1
    h = l1 / g
    return {"name": name, "variance": variance, "baseline": x.tolist(), "window": y.tolist(),
            "baseline_mean": x.mean(0).tolist(), "baseline_covariance": np.cov(x, rowvar=False, bias=True).tolist(),
            "eigenvalues": values.tolist(), "components": int(k),
            "explained_variance": float(np.clip(values[:k], 0, None).sum() / np.clip(values, 0, None).sum()),
            "baseline_error": l1, "window_error": window_error, "relative_change": (window_error - l1) / l1,
            "null_scale": g, "null_dof": h, "p_value": float(scipy.stats.chi2.sf(window_error / g, h)),
            "threshold_001": float(g * scipy.stats.chi2.isf(0.01, h)),
            "threshold_005": float(g * scipy.stats.chi2.isf(0.05, h))}


def multivariate_cases(rng):
    def corr2(rho):
        return [[1.0, rho], [rho, 1.0]]
    a = rng.normal(size=(5, 5))
    cov5 = a @ a.T / 5 + np.eye(5) * 0.2
    scales = np.array([10.0, 0.01, 3.0, 1.0])
    c4 = np.array([[1, 0.6, 0.3, 0], [0.6, 1, 0.5, 0.2], [0.3, 0.5, 1, 0.4], [0, 0.2, 0.4, 1]])
    cov4 = c4 * np.outer(scales, scales)
    means4 = [1000.0, -5.0, 42.0, 0.0]
    b = rng.normal(size=(6, 6))
    cov6 = b @ b.T / 6 + np.eye(6) * 0.1
    return [multivariate_case("correlation_flip_d2", rng, 400, 300, corr2(0.8), corr2(-0.8), [0, 0], [0, 0]),
            multivariate_case("no_change_d5", rng, 400, 250, cov5, cov5, [0] * 5, [0] * 5),
            multivariate_case("large_means_d4", rng, 400, 250, cov4, cov4, means4,
                              (np.array(means4) + np.array([5.0, 0.0, -2.0, 0.5])).tolist()),
            multivariate_case("variance_090_d6", rng, 400, 200, cov6, cov6 * 1.2, [0] * 6, [0] * 6, variance=0.9)]


def write(name, payload):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")


def main():
    meta = {"scipy": scipy.__version__, "numpy": np.__version__,
            "python": sys.version.split()[0], "epsilon": EPSILON}
    rng = np.random.default_rng(20261123)
    write("numeric_cases.json", {"meta": meta, "cases": numeric_cases(rng)})
    write("formula_cases.json", {"meta": meta, "cases": formula_cases()})
    write("categorical_cases.json", {"meta": meta, "cases": categorical_cases(np.random.default_rng(7))})
    write("ks_distribution.json", {"meta": meta, "cases": ks_distribution_cases()})
    write("ks_exact.json", {"meta": meta, "cases": ks_exact_cases()})
    write("ztest.json", {"meta": meta, "cases": ztest_cases()})
    write("psi_threshold.json", {"meta": meta, "cases": psi_threshold_cases()})
    write("performance.json", {"meta": meta, **performance_cases(np.random.default_rng(4242))})
    write("label_free.json", {"meta": meta, **label_free_case(np.random.default_rng(515))})
    write("performance_baseline.json", {"meta": meta, **performance_baseline_case()})
    ref_csv, cur_csv, expected, evidently = compare_fixture(np.random.default_rng(99))
    write("compare_expected_evidently.json", evidently)
    for name, text in [("compare_reference.csv", ref_csv), ("compare_current.csv", cur_csv)]:
        with open(os.path.join(OUT, name), "w") as f:
            f.write(text)
    write("compare_expected.json", expected)
    write("embedding.json", {"meta": meta, "cases": embedding_cases(np.random.default_rng(1024))})
    write("multivariate.json", {"meta": meta, "cases": multivariate_cases(np.random.default_rng(1717))})


if __name__ == "__main__":
    main()
