package io.driftmonitor.promotion;

/**
 * The labelled outcomes of one role in one window, as far as the promotion tests need them.
 *
 * @param classified      labelled predictions with a predicted label
 * @param correct         of those, the ones whose predicted label was the true one
 * @param auc             ROC AUC of the scores (NaN when not both classes were seen)
 * @param positives       labelled positives behind the AUC
 * @param negatives       labelled negatives behind the AUC
 * @param regressionCount labelled regression predictions
 * @param mae             their mean absolute error (NaN without any)
 * @param rmse            their root mean squared error (NaN without any)
 */
public record RoleOutcome(long classified, long correct, double auc, long positives, long negatives,
                          long regressionCount, double mae, double rmse) {
    public static final RoleOutcome NONE = new RoleOutcome(0, 0, Double.NaN, 0, 0, 0, Double.NaN, Double.NaN);

    public static RoleOutcome classification(long classified, long correct) {
        return new RoleOutcome(classified, correct, Double.NaN, 0, 0, 0, Double.NaN, Double.NaN);
    }

    public static RoleOutcome regression(long count, double mae, double rmse) {
        return new RoleOutcome(0, 0, Double.NaN, 0, 0, count, mae, rmse);
    }
}
