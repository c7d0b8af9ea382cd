package io.kinesisopensearch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Values of the repetitions of one measure (rates, costs): their median, quartiles and range. The
 * quartiles are the values a quarter of the way in from either end of the sorted runs (with five
 * runs, the second and the fourth), so that one stray run does not decide a verdict.
 */
record Spread(List<Double> sorted) {

    static Spread of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return new Spread(List.copyOf(sorted));
    }

    boolean isEmpty() {
        return sorted.isEmpty();
    }

    double median() {
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    double lowerQuartile() {
        return sorted.get((int) Math.round(0.25 * (sorted.size() - 1)));
    }

    double upperQuartile() {
        return sorted.get((int) Math.round(0.75 * (sorted.size() - 1)));
    }

    double min() {
        return sorted.get(0);
    }

    double max() {
        return sorted.get(sorted.size() - 1);
    }

    /** (highest - lowest) / median, in percent. */
    double spreadPercent() {
        return 100 * (max() - min()) / median();
    }
}
