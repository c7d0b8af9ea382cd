package io.kinesisopensearch.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.OperationType;

/** Verdicts on bulk answers as OpenSearch 2.19 writes them, read with the client's own deserializers. */
class ItemVerdictTest {

    private static final JacksonJsonpMapper MAPPER = new JacksonJsonpMapper(new ObjectMapper());

    @Test
    void documentFaultsGoToTheDeadLettersAndClusterOrAccessFaultsAreHeld() {
        List<BulkResponseItem> items = bulkItems("""
                {"took":3,"errors":true,"items":[
                 {"index":{"_index":"orders","_id":"1","_version":1,"result":"created","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1,"status":201}},
                 {"index":{"_index":"orders","_id":"2","status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse field [amount] of type [double] in document with id '2'. Preview of field's value: 'lots'","caused_by":{"type":"number_format_exception","reason":"For input string: \\"lots\\""}}}},
                 {"index":{"_index":"orders","_id":"3","status":400,"error":{"type":"strict_dynamic_mapping_exception","reason":"mapping set to strict, dynamic introduction of [coupon] within [_doc] is not allowed"}}},
                 {"index":{"_index":"Orders","_id":"4","status":400,"error":{"type":"invalid_index_name_exception","reason":"Invalid index name [Orders], must be lowercase","index":"Orders","index_uuid":"_na_"}}},
                 {"update":{"_index":"orders","_id":"5","status":400,"error":{"type":"illegal_argument_exception","reason":"Limit of total fields [1000] has been exceeded"}}},
                 {"index":{"_index":"orders","_id":"6","status":403,"error":{"type":"cluster_block_exception","reason":"index [orders] blocked by: [FORBIDDEN/8/index write (api)];"}}},
                 {"index":{"_index":"orders","_id":"7","status":429,"error":{"type":"cluster_block_exception","reason":"index [orders] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];"}}},
                 {"index":{"_index":"orders","_id":"8","status":400,"error":{"type":"index_closed_exception","reason":"closed","index":"orders","index_uuid":"pWL3-p4BRJmBqDqkQCh8vA"}}},
                 {"index":{"_index":"orders","_id":"9","status":404,"error":{"type":"index_not_found_exception","reason":"no such index [orders] and [action.auto_create_index] ([false]) doesn't match","index":"orders","index_uuid":"_na_"}}},
                 {"index":{"_index":"orders","_id":"10","status":403,"error":{"type":"security_exception","reason":"no permissions for [indices:data/write/bulk[s]] and User [name=writer, backend_roles=[], requestedTenant=null]"}}},
                 {"index":{"_index":"orders","_id":"11","status":429,"error":{"type":"rejected_execution_exception","reason":"rejected execution of coordinating operation [shard_detail=[orders][0][P], shard_coordinating_and_primary_bytes=0, shard_operation_bytes=98, shard_max_coordinating_and_primary_bytes=0]"}}},
                 {"index":{"_index":"orders","_id":"12","status":503,"error":{"type":"unavailable_shards_exception","reason":"[orders][0] primary shard is not active Timeout: [1m]"}}},
                 {"index":{"_index":"orders","_id":"13","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[13]: version conflict, current version [5] is higher or equal to the one provided [3]","index":"orders","shard":"0","index_uuid":"pWL3-p4BRJmBqDqkQCh8vA"}}},
                 {"delete":{"_index":"orders","_id":"15","status":404,"error":{"type":"index_not_found_exception","reason":"no such index [orders]","index":"orders","index_uuid":"_na_"}}},
                 {"update":{"_index":"orders","_id":"14","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[14]: version conflict, required seqNo [2], primary term [1]. current document has seqNo [3] and primary term [1]","index":"orders","shard":"0","index_uuid":"pWL3-p4BRJmBqDqkQCh8vA"}}}
                ]}""");

        List<ItemVerdict> verdicts = items.stream()
                .map(item -> ItemVerdict.ofItem(item.status(), item.error() == null ? null : item.error().type(),
                        "13".equals(item.id()), item.operationType() == OperationType.Delete))
                .toList();

        assertThat(verdicts).containsExactly(
                ItemVerdict.ACKNOWLEDGED,
                ItemVerdict.REJECT_DOCUMENT, ItemVerdict.REJECT_DOCUMENT, ItemVerdict.REJECT_DOCUMENT,
                ItemVerdict.REJECT_DOCUMENT,
                ItemVerdict.HOLD_OPERATOR, ItemVerdict.HOLD_OPERATOR, ItemVerdict.HOLD_OPERATOR,
                ItemVerdict.HOLD_OPERATOR, ItemVerdict.HOLD_OPERATOR,
                ItemVerdict.RETRY_TRANSIENT, ItemVerdict.RETRY_TRANSIENT,
                ItemVerdict.STALE,
                ItemVerdict.ACKNOWLEDGED,
                ItemVerdict.RETRY_TRANSIENT);
    }

    @Test
    void aWholeRequestRefusedForTheAccessIsHeldAndABadRequestIsRejected() {
        Refusal forbidden = Refusal.of(exception("""
                {"error":{"root_cause":[{"type":"security_exception","reason":"no permissions for [indices:data/write/bulk] and User [name=writer, backend_roles=[], requestedTenant=null]"}],"type":"security_exception","reason":"no permissions for [indices:data/write/bulk] and User [name=writer, backend_roles=[], requestedTenant=null]"},"status":403}"""),
                "orders");
        Refusal globalBlock = Refusal.of(exception("""
                {"error":{"root_cause":[{"type":"cluster_block_exception","reason":"blocked by: [FORBIDDEN/6/cluster read-only (api)];"}],"type":"cluster_block_exception","reason":"blocked by: [FORBIDDEN/6/cluster read-only (api)];"},"status":403}"""),
                "orders");
        Refusal badRequest = Refusal.of(exception("""
                {"error":{"root_cause":[{"type":"illegal_argument_exception","reason":"Malformed action/metadata line [1], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]"}],"type":"illegal_argument_exception","reason":"Malformed action/metadata line [1], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]"},"status":400}"""),
                "orders");
        Refusal unavailable = Refusal.of(exception("""
                {"error":{"root_cause":[],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":503}"""),
                "orders");
        Refusal noConnection = Refusal.of(new java.net.ConnectException("Connection refused"), "orders");

        assertThat(forbidden.verdict()).isEqualTo(ItemVerdict.HOLD_OPERATOR);
        assertThat(forbidden.remedy()).contains("credentials");
        assertThat(globalBlock.verdict()).isEqualTo(ItemVerdict.HOLD_OPERATOR);
        assertThat(globalBlock.remedy()).contains("index.blocks.write");
        assertThat(new Refusal(403, "cluster_block_exception", "index [orders] blocked by: [FORBIDDEN/4/index closed];",
                "orders").remedy()).isEqualTo("open the index (POST orders/_open)");
        assertThat(badRequest.verdict()).isEqualTo(ItemVerdict.REJECT_DOCUMENT);
        assertThat(unavailable.verdict()).isEqualTo(ItemVerdict.RETRY_TRANSIENT);
        assertThat(noConnection.status()).isZero();
        assertThat(noConnection.verdict()).isEqualTo(ItemVerdict.RETRY_TRANSIENT);
    }

    private static List<BulkResponseItem> bulkItems(String json) {
        try (JsonParser parser = MAPPER.jsonProvider().createParser(new StringReader(json))) {
            return BulkResponse._DESERIALIZER.deserialize(parser, MAPPER).items();
        }
    }

    private static OpenSearchException exception(String json) {
        try (JsonParser parser = MAPPER.jsonProvider().createParser(new StringReader(json))) {
            return new OpenSearchException(ErrorResponse._DESERIALIZER.deserialize(parser, MAPPER));
        }
    }
}
