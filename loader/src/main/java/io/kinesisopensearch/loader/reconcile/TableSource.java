package io.kinesisopensearch.loader.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.SourceType;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.loader.ExportItems;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.MappingResult;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A DynamoDB table, scanned in parallel segments; each item becomes the change record a stream
 * would carry for it (an INSERT with its key and image) and goes through the mapping, so it gets
 * the id and document the live pipeline gives it. Items found different are read again with
 * strongly consistent reads (BatchGetItem); an extra's item is looked for by the key its id
 * names (ids of the format: the key values joined) or, failing that, by the key attributes its
 * document holds.
 *
 * <p>An item read at time T is given T as its change time ({@link ExportItems}, as an export
 * item): the repair writes it with that version, so a change the live pipeline carries after T
 * outranks it, and the changes before T it shows lose to it.
 */
final class TableSource implements Source {

    private static final int BATCH_GET = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final List<String> keys;
    private final Map<String, ScalarAttributeType> keyTypes;
    private final long estimate;
    private final RecordMapper mapper;
    private final SourceType liveSource;
    private final boolean keepVersions;
    private final boolean idsFromKeys;
    private final AtomicLong order = new AtomicLong();
    private final TableScan scan;

    /**
     * @param mapper       the mapping for DynamoDB change records
     * @param keepVersions whether the mapping's versions are the item's own (a version field) and compared
     * @param idsFromKeys  whether document ids are the format's own, the key values joined
     */
    TableSource(DynamoDbClient dynamoDb, String table, RecordMapper mapper, SourceType liveSource, int segments,
            boolean keepVersions, boolean idsFromKeys) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.mapper = mapper;
        this.liveSource = liveSource;
        this.keepVersions = keepVersions;
        this.idsFromKeys = idsFromKeys;
        this.scan = new TableScan(dynamoDb, table, liveSource, segments);
        TableDescription description = scan.description();
        this.keys = scan.keys();
        Map<String, ScalarAttributeType> types = new LinkedHashMap<>();
        for (String key : keys) {
            types.put(key, description.attributeDefinitions().stream().filter(definition ->
                    definition.attributeName().equals(key)).map(AttributeDefinition::attributeType).findFirst()
                    .orElse(ScalarAttributeType.S));
        }
        this.keyTypes = types;
        this.estimate = description.itemCount() == null ? -1 : description.itemCount();
    }

    @Override
    public String describe() {
        return ReconcileConfig.TABLE_SCHEME + table;
    }

    @Override
    public long estimate() {
        return estimate;
    }

    @Override
    public boolean rereads() {
        return true;
    }

    @Override
    public void read(Items items) throws IOException, InterruptedException {
        scan.read((segment, item, change) -> {
            for (SourceItem mapped : map(item, change, items, null).keySet()) {
                items.item(mapped);
            }
        });
    }

    /** The source items of {@code item} with their records; errors told to {@code items} when given. */
    private Map<SourceItem, SourceRecord> map(Map<String, AttributeValue> item, byte[] change, Items items,
            String where) {
        long position = order.incrementAndGet();
        byte[] locator;
        try {
            locator = Json.mapper().writeValueAsBytes(DynamoDbItems.keyJson(item, keys));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
        SourceRecord record = new SourceRecord(new RecordCoordinates(describe(), "scan", Long.toString(position), 0,
                null, null), change);
        MappingResult mapped = mapper.mapEach(record);
        if (items != null) {
            for (MappingException error : mapped.errors()) {
                items.unmapped(where != null ? where : describe() + " item " + new String(locator,
                        java.nio.charset.StandardCharsets.UTF_8), error.reason());
            }
        }
        Map<SourceItem, SourceRecord> result = new LinkedHashMap<>();
        for (DocumentAction action : mapped.actions()) {
            result.put(Source.item(action, keepVersions, position, locator), record);
        }
        return result;
    }

    @Override
    public List<Expected> reread(List<Candidate> candidates, List<JsonNode> documents)
            throws IOException, InterruptedException {
        List<Map<String, AttributeValue>> wanted = new ArrayList<>(candidates.size());
        Map<String, Map<String, AttributeValue>> distinct = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            Map<String, AttributeValue> key = keyOf(candidates.get(i), documents.get(i));
            wanted.add(key);
            if (key != null) {
                distinct.put(keyText(key), key);
            }
        }
        Instant readAt = Instant.now();
        Map<String, Map<String, AttributeValue>> found = batchGet(new ArrayList<>(distinct.values()));
        ExportItems changes = new ExportItems(keys, readAt, liveSource);
        List<Expected> expected = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Map<String, AttributeValue> key = wanted.get(i);
            Map<String, AttributeValue> item = key == null ? null : found.get(keyText(key));
            Expected match = null;
            if (item != null) {
                Candidate candidate = candidates.get(i);
                for (Map.Entry<SourceItem, SourceRecord> mapped : map(item, changes.change(DynamoDbItems.json(item)), null,
                        null).entrySet()) {
                    if (mapped.getKey().id().equals(candidate.id())) {
                        match = new Expected(mapped.getKey(), mapped.getValue(), mapper);
                    }
                }
            }
            expected.add(match);
        }
        return expected;
    }

    /** The key to read a candidate's item by: its own, or for an extra the one its id or document names. */
    private Map<String, AttributeValue> keyOf(Candidate candidate, JsonNode document) throws IOException {
        if (candidate.source() != null) {
            return DynamoDbItems.key(Json.mapper().readTree(candidate.source().locator()));
        }
        Map<String, AttributeValue> key = idsFromKeys ? DynamoDbItems.keyFromId(candidate.id(), keyTypes) : null;
        return key != null ? key : DynamoDbItems.keyFromDocument(document, keyTypes);
    }

    private String keyText(Map<String, AttributeValue> key) {
        StringBuilder text = new StringBuilder();
        for (String name : keys) {
            AttributeValue value = key.get(name);
            text.append(name).append('=').append(value == null ? "" : value.type() + ":" + (value.s() != null ? value.s()
                    : value.n() != null ? new java.math.BigDecimal(value.n()).stripTrailingZeros().toPlainString()
                    : java.util.Base64.getEncoder().encodeToString(value.b().asByteArray()))).append('\u0000');
        }
        return text.toString();
    }

    private Map<String, Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> wanted)
            throws InterruptedException {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (int from = 0; from < wanted.size(); from += BATCH_GET) {
            List<Map<String, AttributeValue>> pending = wanted.subList(from, Math.min(wanted.size(), from + BATCH_GET));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > 0) {
                    Thread.sleep(Math.min(5_000, 50L << Math.min(attempt, 7)));
                }
                List<Map<String, AttributeValue>> keysNow = pending;
                BatchGetItemResponse response = dynamoDb.batchGetItem(get -> get.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(keysNow).consistentRead(true).build())));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    found.put(keyText(item), item);
                }
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
            }
        }
        return found;
    }

    @Override
    public void close() {
        dynamoDb.close();
    }
}
