package io.kinesisopensearch.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.decode.DecoderOptions;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.decode.TimestampFormat;
import java.util.List;
import java.util.Optional;

/**
 * How records become documents; the same settings drive the consumer and the transformer.
 *
 * <table>
 * <caption>Settings (environment names follow: {@code mapping.csv.delimiter} is {@code MAPPING_CSV_DELIMITER})</caption>
 * <tr><td>{@code opensearch.index}</td><td>index name or date pattern: {@code orders}, {@code logs-{yyyy.MM.dd}}</td></tr>
 * <tr><td>{@code mapping.format}</td><td>JSON (default), CSV, DYNAMODB, CLOUDWATCH_LOGS, TEXT or AUTO</td></tr>
 * <tr><td>{@code mapping.records-pointer}</td><td>JSON: the array whose elements are the documents, {@code /records}</td></tr>
 * <tr><td>{@code mapping.csv.*}</td><td>delimiter, quote, escape, header, columns, types: see {@link io.kinesisopensearch.decode.CsvOptions}</td></tr>
 * <tr><td>{@code mapping.logs.parse-json}</td><td>CloudWatch Logs: parse JSON messages into fields (false)</td></tr>
 * <tr><td>{@code mapping.id}, {@code mapping.id-pointer}</td><td>see {@link DocumentIds}</td></tr>
 * <tr><td>{@code mapping.action}</td><td>INDEX (default), UPSERT or DELETE, for formats that do not prescribe one</td></tr>
 * <tr><td>{@code mapping.routing-pointer}</td><td>the field holding the routing value</td></tr>
 * <tr><td>{@code mapping.version-pointer}, {@code mapping.version-type}</td><td>external version field; EXTERNAL_GTE (default) or EXTERNAL</td></tr>
 * <tr><td>{@code mapping.include}, {@code .exclude}, {@code .rename}, {@code .metadata-field},
 * {@code .timestamp-pointer}, {@code .timestamp-format}</td><td>see {@link FieldTransforms}</td></tr>
 * <tr><td>{@code mapping.hook}</td><td>a class of user code the mapping runs: see {@link MappingHooks}</td></tr>
 * </table>
 *
 * @param decoding       how bytes become documents
 * @param index          the index name or pattern
 * @param ids            how documents get their ids
 * @param action         the action for formats that do not prescribe one
 * @param routingPointer the field holding the routing value, if any
 * @param versionPointer the field holding an external version, if any
 * @param versionType    how external versions are compared, for the version pointer and for DynamoDB
 *                       change times alike
 * @param transforms     changes to documents before they are written
 * @param hooks          user code the mapping runs, for what these settings cannot express
 */
public record MappingConfig(
        DecoderOptions decoding,
        IndexName index,
        DocumentIds ids,
        ActionType action,
        Optional<JsonPointer> routingPointer,
        Optional<JsonPointer> versionPointer,
        VersionType versionType,
        FieldTransforms transforms,
        MappingHooks hooks) {

    /** The setting of the index name or date pattern; required. */
    public static final String INDEX = "opensearch.index";
    /** The setting of the id's field, or fields joined with '|'. */
    public static final String ID_POINTER = DocumentIds.POINTERS;
    /** The setting of the action for formats that do not prescribe one: INDEX (default), UPSERT or DELETE. */
    public static final String ACTION = "mapping.action";
    /** The setting of the field holding the routing value. */
    public static final String ROUTING_POINTER = "mapping.routing-pointer";
    /** The setting of the field holding an external version. */
    public static final String VERSION_POINTER = "mapping.version-pointer";
    /** The setting of how external versions compare: EXTERNAL_GTE (default) or EXTERNAL. */
    public static final String VERSION_TYPE = "mapping.version-type";

    /**
     * Checks that the parts go together.
     *
     * @param decoding       how bytes become documents
     * @param index          the index name or pattern
     * @param ids            how documents get their ids
     * @param action         the action for formats that do not prescribe one
     * @param routingPointer the field holding the routing value, if any
     * @param versionPointer the field holding an external version, if any
     * @param versionType    how external versions are compared
     * @param transforms     changes to documents before they are written
     * @param hooks          user code the mapping runs
     * @throws io.kinesisopensearch.config.ConfigException when {@code action} is UPSERT and there is a
     *         version pointer: OpenSearch's update API takes no external version
     */
    public MappingConfig {
        if (action == ActionType.UPSERT && versionPointer.isPresent()) {
            throw Settings.invalid(ACTION, action.name(), "OpenSearch's update API takes no external version, so "
                    + Settings.describe(VERSION_POINTER) + " needs the action INDEX or DELETE");
        }
    }

    /**
     * JSON records into one index, with ids from {@code idPointer} or from the record's coordinates;
     * no routing, no version, no transform, no hook.
     *
     * @param index     the index name, or a date pattern such as {@code logs-{yyyy.MM.dd}}
     * @param idPointer the field holding the id; empty for ids from the coordinates
     * @throws io.kinesisopensearch.config.ConfigException when {@code index} is a malformed pattern
     */
    public MappingConfig(String index, Optional<JsonPointer> idPointer) {
        this(DecoderOptions.json(),
                IndexName.parse(INDEX, index),
                new DocumentIds(IdStrategy.AUTO, idPointer.map(List::of).orElse(List.of())),
                ActionType.INDEX, Optional.empty(), Optional.empty(), VersionType.EXTERNAL_GTE, FieldTransforms.none(),
                MappingHooks.NONE);
    }

    /**
     * Reads the mapping settings, the hook that {@value MappingHooks#HOOK} names included.
     *
     * @param settings the settings; a {@linkplain Settings#withPrefix prefixed view} for one stream's mapping
     * @return the mapping
     * @throws io.kinesisopensearch.config.ConfigException when a mapping setting is missing or invalid
     */
    public static MappingConfig from(Settings settings) {
        String index = settings.require(INDEX, "the OpenSearch index the documents are written to,"
                + " a name such as orders or a pattern such as logs-{yyyy.MM.dd}");
        TimestampFormat timestamps = settings.getEnum(FieldTransforms.TIMESTAMP_FORMAT, TimestampFormat.class,
                TimestampFormat.AUTO);
        DecoderOptions decoding = DecoderOptions.from(settings, timestamps);
        return new MappingConfig(
                decoding,
                IndexName.parse(INDEX, index),
                DocumentIds.from(settings, decoding.format()),
                settings.getEnum(ACTION, ActionType.class, ActionType.INDEX),
                Json.findPointer(settings, ROUTING_POINTER),
                Json.findPointer(settings, VERSION_POINTER),
                settings.getEnum(VERSION_TYPE, VersionType.class, VersionType.EXTERNAL_GTE),
                FieldTransforms.from(settings, timestamps),
                MappingHooks.from(settings));
    }

    /**
     * This mapping with other hooks: the way to choose hooks in code.
     *
     * @param newHooks the hooks, which replace this mapping's own
     * @return the new mapping; this one is unchanged
     */
    public MappingConfig withHooks(MappingHooks newHooks) {
        return new MappingConfig(decoding, index, ids, action, routingPointer, versionPointer, versionType, transforms,
                newHooks);
    }

    /**
     * This mapping with other decoding: the loader reads each object with its own format.
     *
     * @param newDecoding how bytes become documents
     * @return the new mapping; this one is unchanged
     */
    public MappingConfig withDecoding(DecoderOptions newDecoding) {
        return new MappingConfig(newDecoding, index, ids, action, routingPointer, versionPointer, versionType,
                transforms, hooks);
    }

    /**
     * True when JSON records reach OpenSearch byte for byte: plain JSON records and no field
     * transform, no hook, so the mapper only checks each record and reads the fields it needs.
     *
     * @return whether records pass through unchanged
     */
    public boolean passesJsonThrough() {
        return decoding.canPassThrough() && transforms.isIdentity() && hooks.isEmpty();
    }

    /** The pointers the mapper reads from each document, besides the timestamp. */
    List<JsonPointer> lookedUpPointers() {
        List<JsonPointer> pointers = new java.util.ArrayList<>(ids.pointers());
        if (routingPointer.isPresent()) {
            pointers.add(routingPointer.get());
        }
        if (versionPointer.isPresent()) {
            pointers.add(versionPointer.get());
        }
        return pointers;
    }
}
