package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One stream the worker reads, with the mapping of its records.
 *
 * <p>A worker reads either {@code kinesis.stream} with the plain mapping settings (KCL's
 * single-stream mode, lease keys are shard ids), or the streams listed in {@code streams}
 * (multi-stream mode, lease keys name the stream), each with its own mapping: a key under
 * {@code streams.<name>.} overrides the plain key for that stream, so
 * {@code streams.logs.mapping.format=cloudwatch-logs} changes only the stream {@code logs}. The
 * list is explicit rather than discovered from {@code streams.<name>.*} keys because environment
 * names cannot be split back: {@code STREAMS_APP_LOGS_OPENSEARCH_INDEX} may be the stream
 * {@code app-logs} or {@code app.logs}, and a stream without overrides would have no key at all.
 *
 * @param name           the Kinesis data stream's name, or with {@code source.type=dynamodb-streams} the table's
 * @param mapping        how its records become documents
 * @param indexBootstrap the index template or index settings applied before the first write
 */
public record SourceStream(String name, MappingConfig mapping, IndexBootstrapConfig indexBootstrap) {

    /** The comma-separated streams of one worker; without it the worker reads {@code kinesis.stream}. */
    public static final String STREAMS = "streams";

    /** Keys under {@code streams.<name>.} override the plain key for that stream. */
    public static final String PREFIX = STREAMS + ".";

    /** Kinesis's rule for stream names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

    /** The streams the settings name, with their mappings; one stream in single-stream mode. */
    static List<SourceStream> from(Settings settings) {
        if (!isMultiStream(settings)) {
            String stream = settings.require(KinesisSourceConfig.STREAM, "the name of the Kinesis data stream to read");
            return List.of(of(stream, settings));
        }
        String list = settings.find(STREAMS).orElseThrow();
        if (settings.find(KinesisSourceConfig.STREAM).isPresent()) {
            throw Settings.invalid(STREAMS, list, "set either " + STREAMS + " or " + KinesisSourceConfig.STREAM
                    + ", not both");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : Arrays.stream(list.split(",")).map(String::trim).toList()) {
            if (!NAME.matcher(name).matches() || !names.add(name)) {
                throw Settings.invalid(STREAMS, list, "must be distinct Kinesis stream names (letters, digits, _ . -)"
                        + " separated by commas");
            }
        }
        List<SourceStream> streams = new ArrayList<>();
        for (String name : names) {
            try {
                streams.add(of(name, settings.withPrefix(prefix(name))));
            } catch (ConfigException e) {
                throw new ConfigException("Stream " + name + " (its own keys under " + prefix(name) + "): "
                        + e.getMessage());
            }
        }
        return List.copyOf(streams);
    }

    /** One stream named {@code name}, with the plain mapping settings. */
    static SourceStream of(String name, Settings settings) {
        MappingConfig mapping = MappingConfig.from(settings);
        return new SourceStream(name, mapping, IndexBootstrapConfig.from(settings, mapping.index()));
    }

    /** The names listed in {@code streams}, as written; empty when there is no list. */
    static List<String> listed(Settings settings) {
        return settings.find(STREAMS).map(list -> Arrays.stream(list.split(",")).map(String::trim).toList())
                .orElse(List.of());
    }

    /** Whether the settings list streams, so the worker runs KCL in multi-stream mode. */
    static boolean isMultiStream(Settings settings) {
        return settings.find(STREAMS).isPresent();
    }

    /** The prefix of the keys that are this stream's own: {@code streams.<name>.}. */
    public static String prefix(String name) {
        return PREFIX + name + ".";
    }
}
