package io.kinesisopensearch.localstack.dynamodbstreams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.localstack.dynamodbstreams.Backend.Answer;
import io.kinesisopensearch.localstack.dynamodbstreams.Backend.BackendFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The DynamoDB side of the stand-in: every DynamoDB request goes on to the backend; the table
 * operations keep each table's stream specification, and the item writes of a table with a stream
 * are serialised per table, the item read consistently before and after, and the change recorded.
 */
final class TableWrites {

    private static final int MAX_TRANSACTION_ITEMS = 100;

    private final Backend backend;
    private final StreamStore store;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> keySchemas = new ConcurrentHashMap<>();

    TableWrites(Backend backend, StreamStore store) {
        this.backend = backend;
        this.store = store;
    }

    /** Answers the DynamoDB operation {@code operation} (the part of the target after the dot). */
    Answer handle(String operation, byte[] body, Map<String, String> headers) {
        String target = Backend.TARGET_PREFIX + operation;
        ObjectNode request;
        switch (operation) {
            case "CreateTable", "UpdateTable", "DeleteTable", "DescribeTable", "PutItem", "UpdateItem", "DeleteItem",
                    "BatchWriteItem", "TransactWriteItems" -> {
                try {
                    request = (ObjectNode) Backend.JSON.readTree(body);
                } catch (IOException | ClassCastException e) {
                    // Not JSON: the backend answers it as DynamoDB does.
                    return backend.forward(target, body, headers);
                }
            }
            default -> {
                return backend.forward(target, body, headers);
            }
        }
        try {
            return switch (operation) {
                case "CreateTable" -> createTable(request, body, headers);
                case "UpdateTable" -> updateTable(request, headers);
                case "DeleteTable" -> deleteTable(request, body, headers);
                case "DescribeTable" -> describeTable(request, body, headers);
                case "BatchWriteItem" -> batchWrite(request, body, headers);
                case "TransactWriteItems" -> transactWrite(request);
                default -> writeItem(operation, request, body, headers);
            };
        } catch (BackendFailure failure) {
            return failure.answer();
        }
    }

    // ---- tables ----

    private Answer createTable(ObjectNode request, byte[] body, Map<String, String> headers) {
        String table = request.path("TableName").asText();
        JsonNode spec = request.path("StreamSpecification");
        boolean enable = spec.path("StreamEnabled").asBoolean(false);
        if (enable) {
            viewType(spec);
        }
        ReentrantLock lock = lock(table);
        lock.lock();
        try {
            Answer answer = backend.forward(Backend.TARGET_PREFIX + "CreateTable", body, headers);
            if (!answer.ok()) {
                return answer;
            }
            settle(table);
            keySchemas.remove(table);
            store.forgetTable(table);
            if (enable) {
                store.enable(table, spec.path("StreamViewType").asText(), (ArrayNode) request.get("KeySchema"));
            }
            return withStream(answer, "TableDescription", table);
        } finally {
            lock.unlock();
        }
    }

    private Answer updateTable(ObjectNode request, Map<String, String> headers) {
        String table = request.path("TableName").asText();
        JsonNode spec = request.remove("StreamSpecification");
        if (spec == null) {
            Answer answer = backend.forward(Backend.TARGET_PREFIX + "UpdateTable", bytes(request), headers);
            if (answer.ok()) {
                settle(table);
            }
            return withStream(answer, "TableDescription", table);
        }
        boolean enable = spec.path("StreamEnabled").asBoolean(false);
        if (enable) {
            viewType(spec);
        }
        ReentrantLock lock = lock(table);
        lock.lock();
        try {
            StreamStore.TableStream current = store.latest(table);
            if (enable && current != null && current.enabled()) {
                throw StreamsError.validation("Table already has an enabled stream: " + current.arn());
            }
            if (!enable && (current == null || !current.enabled())) {
                throw StreamsError.validation("Table " + table + " has no enabled stream to disable");
            }
            boolean otherChanges = request.has("ProvisionedThroughput") || request.has("BillingMode")
                    || request.has("GlobalSecondaryIndexUpdates") && !request.get("GlobalSecondaryIndexUpdates").isEmpty()
                    || request.has("SSESpecification");
            Answer answer;
            ObjectNode description;
            if (otherChanges) {
                answer = backend.forward(Backend.TARGET_PREFIX + "UpdateTable", bytes(request), headers);
                if (!answer.ok()) {
                    return answer;
                }
                settle(table);
                description = (ObjectNode) answer.json().get("TableDescription");
            } else {
                // dynalite refuses an UpdateTable that changes only the stream: it is answered here.
                ObjectNode describe = Backend.JSON.createObjectNode().put("TableName", table);
                answer = backend.forward(Backend.TARGET_PREFIX + "DescribeTable", bytes(describe), headers);
                if (!answer.ok()) {
                    return answer;
                }
                description = (ObjectNode) answer.json().get("Table");
            }
            if (enable) {
                store.enable(table, spec.path("StreamViewType").asText(), (ArrayNode) description.get("KeySchema"));
            } else {
                store.disable(table, true);
            }
            ObjectNode response = Backend.JSON.createObjectNode();
            response.set("TableDescription", addStream(description, table));
            return new Answer(200, bytes(response));
        } finally {
            lock.unlock();
        }
    }

    private Answer deleteTable(ObjectNode request, byte[] body, Map<String, String> headers) {
        String table = request.path("TableName").asText();
        ReentrantLock lock = lock(table);
        lock.lock();
        try {
            Answer answer = backend.forward(Backend.TARGET_PREFIX + "DeleteTable", body, headers);
            if (answer.ok()) {
                keySchemas.remove(table);
                store.forgetTable(table);
                settle(table);
            }
            return answer;
        } finally {
            lock.unlock();
        }
    }

    private Answer describeTable(ObjectNode request, byte[] body, Map<String, String> headers) {
        return withStream(backend.forward(Backend.TARGET_PREFIX + "DescribeTable", body, headers), "Table",
                request.path("TableName").asText());
    }

    /**
     * Waits (up to 5 s) until the backend has finished a table operation: the table and its indexes
     * ACTIVE, or the table gone. dynalite finishes them on a timer right after it answers.
     */
    private void settle(String table) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            Answer answer = backend.call("DescribeTable", Backend.JSON.createObjectNode().put("TableName", table));
            if (!answer.ok()) {
                return;
            }
            JsonNode description = answer.json().path("Table");
            boolean active = description.path("TableStatus").asText().equals("ACTIVE");
            for (JsonNode index : description.path("GlobalSecondaryIndexes")) {
                active &= index.path("IndexStatus").asText().equals("ACTIVE");
            }
            if (active) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Answer withStream(Answer answer, String field, String table) {
        if (!answer.ok() || store.latest(table) == null) {
            return answer;
        }
        ObjectNode response = answer.json();
        if (response.get(field) instanceof ObjectNode description) {
            addStream(description, table);
        }
        return new Answer(200, bytes(response));
    }

    private ObjectNode addStream(ObjectNode description, String table) {
        StreamStore.TableStream stream = store.latest(table);
        description.remove("StreamSpecification");
        if (stream != null) {
            if (stream.enabled()) {
                description.putObject("StreamSpecification").put("StreamEnabled", true)
                        .put("StreamViewType", stream.viewType());
            }
            description.put("LatestStreamLabel", stream.label());
            description.put("LatestStreamArn", stream.arn());
        }
        return description;
    }

    private static void viewType(JsonNode spec) {
        String viewType = spec.path("StreamViewType").asText("");
        if (!Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES").contains(viewType)) {
            throw StreamsError.validation("One or more parameter values were invalid: StreamViewType must be one of"
                    + " KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES when StreamEnabled is true, not '"
                    + viewType + "'");
        }
    }

    // ---- items ----

    private Answer writeItem(String operation, ObjectNode request, byte[] body, Map<String, String> headers) {
        String table = request.path("TableName").asText();
        ReentrantLock lock = lock(table);
        lock.lock();
        try {
            ArrayNode keySchema = store.enabledKeySchema(table);
            JsonNode key = keySchema == null ? null
                    : operation.equals("PutItem") ? key(keySchema, request.get("Item")) : request.get("Key");
            if (key == null) {
                return backend.forward(Backend.TARGET_PREFIX + operation, body, headers);
            }
            ObjectNode before;
            try {
                before = backend.getItem(table, key);
            } catch (BackendFailure invalidKey) {
                return backend.forward(Backend.TARGET_PREFIX + operation, body, headers);
            }
            Answer answer = backend.forward(Backend.TARGET_PREFIX + operation, body, headers);
            if (answer.ok()) {
                store.record(table, before, backend.getItem(table, key));
            }
            return answer;
        } finally {
            lock.unlock();
        }
    }

    private Answer batchWrite(ObjectNode request, byte[] body, Map<String, String> headers) {
        JsonNode requestItems = request.path("RequestItems");
        List<String> tables = new ArrayList<>();
        requestItems.fieldNames().forEachRemaining(tables::add);
        List<ReentrantLock> held = lockAll(tables);
        try {
            record Write(String table, JsonNode key, ObjectNode before) {
            }
            List<Write> writes = new ArrayList<>();
            for (String table : tables) {
                ArrayNode keySchema = store.enabledKeySchema(table);
                if (keySchema == null) {
                    continue;
                }
                for (JsonNode write : requestItems.path(table)) {
                    JsonNode key = write.has("PutRequest") ? key(keySchema, write.path("PutRequest").get("Item"))
                            : write.path("DeleteRequest").get("Key");
                    if (key == null) {
                        return backend.forward(Backend.TARGET_PREFIX + "BatchWriteItem", body, headers);
                    }
                    try {
                        writes.add(new Write(table, key, backend.getItem(table, key)));
                    } catch (BackendFailure invalidKey) {
                        return backend.forward(Backend.TARGET_PREFIX + "BatchWriteItem", body, headers);
                    }
                }
            }
            Answer answer = backend.forward(Backend.TARGET_PREFIX + "BatchWriteItem", body, headers);
            if (answer.ok()) {
                for (Write write : writes) {
                    store.record(write.table(), write.before(), backend.getItem(write.table(), write.key()));
                }
            }
            return answer;
        } finally {
            unlockAll(held);
        }
    }

    /**
     * TransactWriteItems, which dynalite lacks: with the tables locked, the actions are applied one
     * by one with their conditions; when one fails, those before it are undone from their old images
     * and the transaction is cancelled as DynamoDB cancels it.
     */
    private Answer transactWrite(ObjectNode request) {
        JsonNode items = request.path("TransactItems");
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_TRANSACTION_ITEMS) {
            throw StreamsError.validation("1 validation error detected: Value at 'transactItems' failed to satisfy"
                    + " constraint: Member must have length less than or equal to " + MAX_TRANSACTION_ITEMS
                    + " and greater than or equal to 1");
        }
        record Action(String kind, ObjectNode fields, String table, JsonNode key) {
        }
        List<Action> actions = new ArrayList<>();
        Set<String> tables = new TreeSet<>();
        for (JsonNode item : items) {
            Iterator<String> kinds = item.fieldNames();
            if (!kinds.hasNext()) {
                throw StreamsError.validation("A TransactWriteItem must have one of ConditionCheck, Put, Update, Delete");
            }
            String kind = kinds.next();
            ObjectNode fields = (ObjectNode) item.get(kind);
            String table = fields.path("TableName").asText();
            tables.add(table);
            actions.add(new Action(kind, fields, table, null));
        }
        List<ReentrantLock> held = lockAll(new ArrayList<>(tables));
        try {
            List<Action> keyed = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Action action : actions) {
                JsonNode key = action.kind().equals("Put") ? key(keySchema(action.table()), action.fields().get("Item"))
                        : action.fields().get("Key");
                if (key == null) {
                    throw StreamsError.validation("One or more parameter values were invalid: missing key attributes"
                            + " in " + action.kind() + " on table " + action.table());
                }
                if (!seen.add(action.table() + "\n" + key)) {
                    throw StreamsError.validation("Transaction request cannot include multiple operations on one item");
                }
                keyed.add(new Action(action.kind(), action.fields(), action.table(), key));
            }
            List<ObjectNode> before = new ArrayList<>();
            for (Action action : keyed) {
                before.add(backend.getItem(action.table(), action.key()));
            }
            for (int i = 0; i < keyed.size(); i++) {
                Action action = keyed.get(i);
                Answer answer = apply(action.kind(), action.fields(), before.get(i));
                if (answer.ok() && action.kind().equals("ConditionCheck") && before.get(i) == null) {
                    // The check put the bare key to test the condition: take it away again.
                    undo(action.table(), action.key(), null);
                }
                if (!answer.ok()) {
                    for (int j = i - 1; j >= 0; j--) {
                        undo(keyed.get(j).table(), keyed.get(j).key(), before.get(j));
                    }
                    if (!answer.errorType().equals("ConditionalCheckFailedException")) {
                        return answer;
                    }
                    return cancelled(keyed.size(), i, action.fields(), before.get(i));
                }
            }
            for (int i = 0; i < keyed.size(); i++) {
                Action action = keyed.get(i);
                if (!action.kind().equals("ConditionCheck")) {
                    store.record(action.table(), before.get(i), backend.getItem(action.table(), action.key()));
                }
            }
            return new Answer(200, "{}".getBytes(StandardCharsets.UTF_8));
        } finally {
            unlockAll(held);
        }
    }

    private Answer apply(String kind, ObjectNode fields, ObjectNode before) {
        ObjectNode request = fields.deepCopy();
        request.remove("ReturnValuesOnConditionCheckFailure");
        return switch (kind) {
            case "Put" -> backend.call("PutItem", request);
            case "Update" -> backend.call("UpdateItem", request);
            case "Delete" -> backend.call("DeleteItem", request);
            case "ConditionCheck" -> {
                // The condition is tested by putting the item back as it is (or its bare key) under it.
                ObjectNode put = Backend.JSON.createObjectNode();
                put.put("TableName", request.path("TableName").asText());
                put.set("Item", before != null ? before : request.get("Key"));
                for (String field : new String[] {"ConditionExpression", "ExpressionAttributeNames",
                        "ExpressionAttributeValues"}) {
                    if (request.has(field)) {
                        put.set(field, request.get(field));
                    }
                }
                yield backend.call("PutItem", put);
            }
            default -> throw StreamsError.validation("Unknown TransactWriteItem action " + kind);
        };
    }

    private void undo(String table, JsonNode key, ObjectNode before) {
        ObjectNode request = Backend.JSON.createObjectNode().put("TableName", table);
        Answer answer;
        if (before == null) {
            request.set("Key", key);
            answer = backend.call("DeleteItem", request);
        } else {
            request.set("Item", before);
            answer = backend.call("PutItem", request);
        }
        if (!answer.ok()) {
            throw new StreamsError("InternalServerError", 500, "Could not undo a cancelled transaction's write on "
                    + table + ": " + new String(answer.body(), StandardCharsets.UTF_8));
        }
    }

    private static Answer cancelled(int count, int failed, ObjectNode fields, ObjectNode item) {
        ObjectNode response = Backend.JSON.createObjectNode();
        response.put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
        List<String> codes = new ArrayList<>();
        ArrayNode reasons = response.putArray("CancellationReasons");
        for (int i = 0; i < count; i++) {
            ObjectNode reason = reasons.addObject();
            if (i == failed) {
                reason.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
                if ("ALL_OLD".equals(fields.path("ReturnValuesOnConditionCheckFailure").asText()) && item != null) {
                    reason.set("Item", item);
                }
                codes.add("ConditionalCheckFailed");
            } else {
                reason.put("Code", "None");
                codes.add("None");
            }
        }
        response.put("message", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                + codes.toString());
        return new Answer(400, bytes(response));
    }

    // ---- helpers ----

    private ArrayNode keySchema(String table) {
        ArrayNode enabled = store.enabledKeySchema(table);
        if (enabled != null) {
            return enabled;
        }
        return keySchemas.computeIfAbsent(table, name -> (ArrayNode) backend.describeTable(name).get("KeySchema"));
    }

    /** The key attributes of {@code item}, null when one is missing. */
    private static ObjectNode key(ArrayNode keySchema, JsonNode item) {
        if (item == null || !item.isObject()) {
            return null;
        }
        ObjectNode key = Backend.JSON.createObjectNode();
        for (JsonNode element : keySchema) {
            String name = element.path("AttributeName").asText();
            JsonNode value = item.get(name);
            if (value == null) {
                return null;
            }
            key.set(name, value);
        }
        return key;
    }

    private ReentrantLock lock(String table) {
        return locks.computeIfAbsent(table, name -> new ReentrantLock());
    }

    /** Locks {@code tables} in name order, so that two writes over several tables never wait on each other. */
    private List<ReentrantLock> lockAll(List<String> tables) {
        List<ReentrantLock> held = new ArrayList<>();
        for (String table : new TreeSet<>(tables)) {
            ReentrantLock lock = lock(table);
            lock.lock();
            held.add(lock);
        }
        return held;
    }

    private static void unlockAll(List<ReentrantLock> held) {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).unlock();
        }
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return Backend.JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
