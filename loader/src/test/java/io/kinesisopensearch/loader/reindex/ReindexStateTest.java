package io.kinesisopensearch.loader.reindex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.sink.bulk.DualWrites;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReindexStateTest {

    @Test
    void aStateReadBackFromItsSearchHitIsTheStateWritten() {
        ReindexState written = ReindexState.start("orders", "orders-000001", "orders-000002", "index");
        written.phase = ReindexState.Phase.BACKFILLED;
        written.copyBetweenBoth();
        Map<String, String> defaults = new HashMap<>();
        defaults.put("index.refresh_interval", null);
        defaults.put("index.translog.durability", "request");
        written.restore.put("orders-000002", defaults);
        written.step("create", 812, "orders-000002 created");

        ObjectNode hit = Json.nodes().objectNode();
        hit.set("_source", written.json());
        hit.put("_seq_no", 7).put("_primary_term", 2);
        ReindexState read = ReindexState.of(hit);

        assertThat(read.phase).isEqualTo(ReindexState.Phase.BACKFILLED);
        assertThat(read.from).isEqualTo("orders-000001");
        assertThat(read.to).isEqualTo("orders-000002");
        assertThat(read.started).isEqualTo(written.started);
        assertThat(read.copies).containsEntry("orders-000001", DualWrites.copyAlias("orders-000001"))
                .containsEntry("orders-000002", DualWrites.copyAlias("orders-000002")).hasSize(2);
        assertThat(read.copiesChangedAt).isEqualTo(written.copiesChangedAt);
        assertThat(read.restore.get("orders-000002")).as("a setting to put back to its default stays null")
                .containsEntry("index.refresh_interval", null).containsEntry("index.translog.durability", "request");
        assertThat(read.steps).singleElement().satisfies(step -> {
            assertThat(step.step()).isEqualTo("create");
            assertThat(step.millis()).isEqualTo(812);
        });
        assertThat(read.seqNo).isEqualTo(7);
        assertThat(read.primaryTerm).isEqualTo(2);
    }

    @Test
    void copiesStopWithNoTargetLeft() {
        ReindexState state = ReindexState.start("orders", "orders-000001", "orders-000002", "index");
        state.copyBetweenBoth();
        state.stopCopies();

        assertThat(state.copies).isEmpty();
        assertThat(ReindexState.Phase.FINISHED.ended()).isTrue();
        assertThat(ReindexState.Phase.SWAPPED.ended()).isFalse();
    }
}
