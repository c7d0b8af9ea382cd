package io.kinesisopensearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The documents/s of every contender as a bar chart, the bars' whiskers spanning the repetitions. */
final class Chart {

    private Chart() {
    }

    /** One bar: the contender's label, its median rate, and the lowest and highest rate of its repetitions. */
    record Bar(String label, double rate, double lowest, double highest) {
    }

    static Path write(Path directory, String title, List<Bar> bars) throws IOException {
        Files.createDirectories(directory);
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560).title(title)
                .xAxisTitle("contender").yAxisTitle("documents/s (median; whiskers: slowest to fastest run)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0");
        chart.getStyler().setXAxisLabelRotation(10);
        List<String> labels = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (Bar bar : bars) {
            labels.add(bar.label());
            rates.add(bar.rate());
            // XChart's whiskers are symmetric: half the range between slowest and fastest run.
            errors.add((bar.highest() - bar.lowest()) / 2);
        }
        chart.addSeries("documents/s", labels, rates, errors);
        Path file = directory.resolve("side-by-side.png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
