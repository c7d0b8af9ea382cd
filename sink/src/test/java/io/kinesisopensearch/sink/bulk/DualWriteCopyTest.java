package io.kinesisopensearch.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.VersionType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a copy of an action written through an alias carries while a reindex of the alias runs. */
class DualWriteCopyTest {

    private static final byte[] SOURCE = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aCopyWithoutVersionOfItsOwnTakesTheVersionTheAliasIndexGaveIt() {
        DocumentAction copy = BulkWriter.copyOf(DocumentAction.index("orders", "1", SOURCE).withRouting("r"),
                "orders-000002-copies", 7L);

        assertThat(copy).isEqualTo(new DocumentAction(io.kinesisopensearch.decode.ActionType.INDEX,
                "orders-000002-copies", "1", "r", 7L, VersionType.EXTERNAL_GTE, SOURCE));
    }

    @Test
    void aCopyKeepsItsOwnVersionTypeAndADeleteStaysADelete() {
        DocumentAction external = DocumentAction.index("orders", "1", SOURCE).withVersion(40, VersionType.EXTERNAL);
        DocumentAction delete = DocumentAction.delete("orders", "2");

        assertThat(BulkWriter.copyOf(external, "c", 40L).versionType()).isEqualTo(VersionType.EXTERNAL);
        assertThat(BulkWriter.copyOf(external, "c", 40L).version()).isEqualTo(40L);
        DocumentAction deleted = BulkWriter.copyOf(delete, "c", 3L);
        assertThat(deleted.type()).isEqualTo(io.kinesisopensearch.decode.ActionType.DELETE);
        assertThat(deleted.version()).isEqualTo(3L);
        assertThat(deleted.versionType()).isEqualTo(VersionType.EXTERNAL_GTE);
    }

    @Test
    void anUpsertIsCopiedWithoutVersionItCannotTakeOne() {
        DocumentAction copy = BulkWriter.copyOf(DocumentAction.upsert("orders", "1", SOURCE), "c", 5L);

        assertThat(copy.version()).isNull();
        assertThat(copy.index()).isEqualTo("c");
    }

    @Test
    void theCopyAliasIsNamedAfterItsIndex() {
        assertThat(DualWrites.copyAlias("orders-000002")).isEqualTo("orders-000002-copies");
    }
}
