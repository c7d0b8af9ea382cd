package io.kinesisopensearch.bench;

import java.util.Locale;

/**
 * A target on the ratio of two measures (a contender's rate to another's, one JVM's cost to
 * another's), judged only where the runs' spread allows: the ratio is taken at the medians, and also
 * between the quartiles on either side, the least favourable pairing and the most favourable. The
 * target is met when even the least favourable ratio meets it, missed when even the most favourable
 * misses it, and otherwise no verdict is given: the runs spread too wide to tell.
 */
record Verdict(double median, double low, double high, String outcome) {

    static final String NO_VERDICT = "no verdict: spread too wide";

    /**
     * {@code numerator / denominator} against {@code threshold}: at least it when {@code atLeast},
     * else at most it ({@code strictly}: below it).
     */
    static Verdict judge(Spread numerator, Spread denominator, double threshold, boolean atLeast, boolean strictly) {
        double median = numerator.median() / denominator.median();
        double low = numerator.lowerQuartile() / denominator.upperQuartile();
        double high = numerator.upperQuartile() / denominator.lowerQuartile();
        String outcome;
        if (atLeast) {
            outcome = low >= threshold ? "met" : high < threshold ? "NOT met" : NO_VERDICT;
        } else if (strictly) {
            outcome = high < threshold ? "met" : low >= threshold ? "NOT met" : NO_VERDICT;
        } else {
            outcome = high <= threshold ? "met" : low > threshold ? "NOT met" : NO_VERDICT;
        }
        return new Verdict(median, low, high, outcome);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f (between the quartiles %.3f to %.3f), %s", median, low, high, outcome);
    }
}
