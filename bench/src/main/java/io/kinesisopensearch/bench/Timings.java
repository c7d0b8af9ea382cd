package io.kinesisopensearch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One contender's timed repetitions, in seconds, and what they say about its rate. */
final class Timings {

    private final List<Double> seconds = new ArrayList<>();

    void add(double value) {
        seconds.add(value);
    }

    boolean isEmpty() {
        return seconds.isEmpty();
    }

    List<Double> seconds() {
        return List.copyOf(seconds);
    }

    double medianSeconds() {
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Documents a second at the median time. */
    double rate(long documents) {
        return documents / medianSeconds();
    }

    /** The slowest and fastest repetition's rates. */
    double lowestRate(long documents) {
        return documents / Collections.max(seconds);
    }

    double highestRate(long documents) {
        return documents / Collections.min(seconds);
    }

    /** The spread of the rates around the median, in percent of it: (highest - lowest) / median. */
    double spreadPercent(long documents) {
        return 100 * (highestRate(documents) - lowestRate(documents)) / rate(documents);
    }
}
