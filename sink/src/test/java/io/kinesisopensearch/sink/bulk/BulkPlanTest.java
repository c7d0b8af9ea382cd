package io.kinesisopensearch.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.VersionType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkPlanTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static DocumentAction index(String id, String source) {
        return DocumentAction.index("orders", id, json(source));
    }

    @Test
    void aLaterIndexOrDeleteReplacesEarlierActionsOfTheSameDocument() {
        List<DocumentAction> actions = List.of(
                index("a", "{\"v\":1}"),
                index("b", "{\"v\":1}"),
                DocumentAction.upsert("orders", "a", json("{\"x\":1}")),
                index("a", "{\"v\":2}"),
                DocumentAction.delete("orders", "b"));

        BulkPlan plan = BulkPlan.of(actions, 10_000);

        assertThat(plan.requests()).containsExactly(List.of(3, 4));
        assertThat(plan.replacedBy()).containsExactly(3, 4, 3, 3, 4);
    }

    @Test
    void anUpsertAfterAnIndexIsSentAfterIt() {
        List<DocumentAction> actions = List.of(
                index("a", "{\"v\":1}"),
                DocumentAction.upsert("orders", "a", json("{\"x\":1}")));

        assertThat(BulkPlan.of(actions, 10_000).requests()).containsExactly(List.of(0, 1));
    }

    @Test
    void anOlderExternalVersionLaterInTheBatchDoesNotReplaceANewerOne() {
        List<DocumentAction> actions = List.of(
                index("a", "{\"v\":5}").withVersion(5, VersionType.EXTERNAL),
                index("a", "{\"v\":3}").withVersion(3, VersionType.EXTERNAL),
                index("b", "{\"v\":1}").withVersion(1, VersionType.EXTERNAL),
                index("b", "{\"v\":2}").withVersion(2, VersionType.EXTERNAL));

        BulkPlan plan = BulkPlan.of(actions, 10_000);

        assertThat(plan.requests()).containsExactly(List.of(0, 1, 3));
        assertThat(plan.replacedBy()[2]).isEqualTo(3);
    }

    @Test
    void documentsInOtherIndexesOrRoutingsAreDifferentDocuments() {
        List<DocumentAction> actions = List.of(
                index("a", "{}"),
                DocumentAction.index("other", "a", json("{}")),
                index("a", "{}").withRouting("r1"));

        assertThat(BulkPlan.of(actions, 10_000).requests()).containsExactly(List.of(0, 1, 2));
    }

    @Test
    void requestsStayUnderTheLimitInBatchOrder() {
        String source = "{\"text\":\"" + "x".repeat(400) + "\"}";
        List<DocumentAction> actions = List.of(index("1", source), index("2", source), index("3", source),
                index("4", source), index("5", source));
        long oneAction = BulkPlan.size(actions.get(0));

        BulkPlan plan = BulkPlan.of(actions, 2 * oneAction);

        assertThat(plan.requests()).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4));
    }

    @Test
    void anActionLargerThanARequestIsSetAsideNotSent() {
        List<DocumentAction> actions = List.of(index("small", "{}"), index("huge", "{\"t\":\"" + "x".repeat(5_000) + "\"}"));

        BulkPlan plan = BulkPlan.of(actions, 1_000);

        assertThat(plan.tooLarge()).containsExactly(1);
        assertThat(plan.requests()).containsExactly(List.of(0));
    }
}
