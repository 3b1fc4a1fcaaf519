package io.driftmonitor.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed-versus-triggered retraining cost/benefit comparison: what the current retraining rate
 * costs per week, what the proposed one costs, and - given the weekly value of one accuracy point -
 * which is worth more. Money is rounded to cents, the ratio to four decimals.
 *
 * @param current       the retraining as it is
 * @param proposed      the alternative
 * @param weeklySavings current weekly cost minus proposed weekly cost (negative: the proposal costs more)
 * @param savingsRatio  weekly savings as a share of the current weekly cost; null when that cost is zero
 * @param netBenefit    the proposal's weekly value minus cost, less the current one's; without a value per
 *                      accuracy point it is the savings when both accuracies are equal, else null (unknown)
 */
public record RoiReport(Scenario current, Scenario proposed, double weeklySavings, Double savingsRatio, Double netBenefit) {

    /**
     * One retraining strategy.
     *
     * @param weeklyValue accuracy in points × value per point; null when no value per point was given
     */
    public record Scenario(double retrainsPerWeek, double weeklyCost, double accuracy, Double weeklyValue) {
    }

    /**
     * @param retrainCost           cost of one retrain
     * @param currentPerWeek        retrains per week today
     * @param currentAccuracy       accuracy today, a fraction in [0, 1]
     * @param proposedPerWeek       retrains per week proposed
     * @param proposedAccuracy      accuracy expected with the proposal, a fraction in [0, 1]
     * @param valuePerAccuracyPoint weekly value of one accuracy point (0.01), or null
     * @throws IllegalArgumentException naming the input (e.g. {@code current_accuracy}) and the reason
     */
    public static RoiReport compute(double retrainCost, double currentPerWeek, double currentAccuracy,
                                    double proposedPerWeek, double proposedAccuracy, Double valuePerAccuracyPoint) {
        requireNonNegative("retrain_cost", retrainCost);
        requireNonNegative("current_per_week", currentPerWeek);
        requireNonNegative("proposed_per_week", proposedPerWeek);
        requireFraction("current_accuracy", currentAccuracy);
        requireFraction("proposed_accuracy", proposedAccuracy);
        if (valuePerAccuracyPoint != null) {
            requireNonNegative("value_per_accuracy_point", valuePerAccuracyPoint);
        }
        Scenario current = scenario(retrainCost, currentPerWeek, currentAccuracy, valuePerAccuracyPoint);
        Scenario proposed = scenario(retrainCost, proposedPerWeek, proposedAccuracy, valuePerAccuracyPoint);
        double savings = money(current.weeklyCost() - proposed.weeklyCost());
        Double ratio = current.weeklyCost() == 0 ? null : round(savings / current.weeklyCost(), 4);
        Double net;
        if (valuePerAccuracyPoint != null) {
            net = money((proposed.weeklyValue() - proposed.weeklyCost()) - (current.weeklyValue() - current.weeklyCost()));
        } else {
            net = currentAccuracy == proposedAccuracy ? savings : null;
        }
        return new RoiReport(current, proposed, savings, ratio, net);
    }

    private static Scenario scenario(double cost, double perWeek, double accuracy, Double valuePerPoint) {
        Double value = valuePerPoint == null ? null : money(round(accuracy * 100, 9) * valuePerPoint);
        return new Scenario(perWeek, money(perWeek * cost), accuracy, value);
    }

    private static void requireNonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + ": must be a finite number >= 0, got " + v);
        }
    }

    private static void requireFraction(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(key + ": must be a fraction between 0 and 1 (e.g. 0.85 for 85%), got " + v);
        }
    }

    private static double money(double v) {
        return round(v, 2);
    }

    private static double round(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    /** The report with its JSON field names. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("current", scenarioMap(current));
        out.put("proposed", scenarioMap(proposed));
        out.put("weekly_savings", weeklySavings);
        out.put("savings_ratio", savingsRatio);
        out.put("net_benefit", netBenefit);
        return out;
    }

    private static Map<String, Object> scenarioMap(Scenario s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("retrains_per_week", s.retrainsPerWeek());
        out.put("weekly_cost", s.weeklyCost());
        out.put("accuracy", s.accuracy());
        out.put("weekly_value", s.weeklyValue());
        return out;
    }

    /** The report as a small table for a terminal. */
    public String toTable() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%-20s %14s %14s%n", "", "current", "proposed"));
        t.append(String.format(Locale.ROOT, "%-20s %14s %14s%n", "retrains per week",
            number(current.retrainsPerWeek()), number(proposed.retrainsPerWeek())));
        t.append(String.format(Locale.ROOT, "%-20s %14s %14s%n", "weekly cost",
            dollars(current.weeklyCost()), dollars(proposed.weeklyCost())));
        t.append(String.format(Locale.ROOT, "%-20s %14s %14s%n", "accuracy",
            percent(current.accuracy()), percent(proposed.accuracy())));
        t.append(String.format(Locale.ROOT, "%-20s %14s %14s%n", "weekly value",
            current.weeklyValue() == null ? "-" : dollars(current.weeklyValue()),
            proposed.weeklyValue() == null ? "-" : dollars(proposed.weeklyValue())));
        t.append(System.lineSeparator());
        t.append(String.format(Locale.ROOT, "%-20s %s%s%n", "weekly savings", dollars(weeklySavings),
            savingsRatio == null ? "" : " (" + percent(savingsRatio) + " of the current cost)"));
        t.append(String.format(Locale.ROOT, "%-20s %s%n", "net benefit", netBenefit == null
            ? "unknown: the accuracies differ; give a value per accuracy point"
            : dollars(netBenefit) + " per week"));
        return t.toString();
    }

    static String dollars(double v) {
        return (v < 0 ? "-$" : "$") + String.format(Locale.ROOT, "%,.2f", Math.abs(v));
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }
}
