package io.kinesisopensearch.mapping;

import static io.kinesisopensearch.Fixtures.record;
import static io.kinesisopensearch.Fixtures.source;
import static io.kinesisopensearch.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.record.MappingException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MappingHooksTest {

    /** A computed field: what a user's hook typically adds. */
    static final DocumentHook TOTAL = document -> {
        ObjectNode fields = document.fields();
        fields.put("total", fields.path("price").asDouble() * fields.path("quantity").asInt());
    };

    private static RecordMapper mapper(MappingHooks hooks, String... settings) {
        Map<String, String> values = new HashMap<>(Map.of("opensearch.index", "orders"));
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return new RecordMapper(MappingConfig.from(Settings.of(values)).withHooks(hooks));
    }

    @Test
    void aDocumentHookAddsAComputedFieldBeforeIdsAndTransformsAreTaken() throws Exception {
        RecordMapper mapper = mapper(MappingHooks.of(document -> {
            TOTAL.apply(document);
            document.fields().put("key", document.fields().path("sku").asText() + "-" + document.record().partitionKey());
        }), "mapping.id-pointer", "/key", "mapping.rename", "total:amount");

        DocumentAction action = mapper.map(record("{\"sku\":\"a-1\",\"price\":2.5,\"quantity\":4}")).get(0);

        assertThat(action.id()).isEqualTo("a-1-key-1");
        assertThat(source(action).path("amount").asDouble()).isEqualTo(10.0);
        assertThat(source(action).has("total")).isFalse();
    }

    @Test
    void jsonPassesThroughByteForByteWhileTheHookReadsNoField() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        String json = "{\"b\":1,  \"a\" : [1,2]}";

        DocumentAction action = mapper(MappingHooks.of(document -> seen.incrementAndGet())).map(record(json)).get(0);

        assertThat(seen).hasValue(1);
        assertThat(text(action)).isEqualTo(json);
    }

    @Test
    void eachPartOfARecordGoesThroughTheHookAndASkippedPartIsNotWritten() {
        RecordMapper mapper = mapper(MappingHooks.of(document -> {
            if (document.fields().path("name").asText().startsWith("skip")) {
                document.skip();
            } else {
                document.fields().put("part", document.part());
            }
        }), "mapping.format", "csv", "mapping.csv.columns", "name");

        MappingResult result = mapper.mapEach(record("keep-1\nskip-2\nkeep-3"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.actions()).extracting(action -> source(action).path("part").asInt()).containsExactly(0, 2);
    }

    @Test
    void aThrowingDocumentHookFailsOnlyItsPartNamingTheHookAndTheException() {
        RecordMapper mapper = mapper(MappingHooks.of(new FailingHook()), "mapping.format", "csv",
                "mapping.csv.columns", "name");

        MappingResult result = mapper.mapEach(record("fine\nbad\nfine"));

        assertThat(result.actions()).hasSize(2);
        assertThat(result.errors()).singleElement().satisfies(error -> assertThat(error.reason())
                .isEqualTo("document 1 of the record: mapping hook " + FailingHook.class.getName()
                        + " threw java.lang.IllegalStateException: no price list for bad"));
        assertThatThrownBy(() -> mapper.map(record("bad"))).isInstanceOf(MappingException.class)
                .hasMessageContaining("stream=events").hasMessageContaining("no price list for bad");
    }

    @Test
    void aRecordHookMapsWholeRecordsWithTheSettingsMappingAtHand() throws Exception {
        RecordHook twice = (record, settings) -> {
            List<DocumentAction> mapped = settings.map(record);
            DocumentAction first = mapped.get(0);
            return List.of(first, DocumentAction.index("orders-archive", first.id(), first.source()));
        };
        RecordMapper mapper = new RecordMapper(MappingConfig.from(Settings.of(Map.of("opensearch.index", "orders")))
                .withHooks(new MappingHooks(Optional.of(TOTAL), Optional.of(twice))));

        List<DocumentAction> actions = mapper.map(record("{\"price\":1.5,\"quantity\":2}"));

        assertThat(actions).extracting(DocumentAction::index).containsExactly("orders", "orders-archive");
        assertThat(actions).allSatisfy(action -> assertThat(source(action).path("total").asDouble()).isEqualTo(3.0));
    }

    @Test
    void whateverARecordHookThrowsFailsItsRecordAndNullIsAFailureToo() {
        RecordMapper throwing = mapper(MappingHooks.of((RecordHook) (record, settings) -> {
            throw new IOException("label service unreachable");
        }));
        RecordMapper nothing = mapper(MappingHooks.of((RecordHook) (record, settings) -> null));

        assertThat(throwing.mapEach(record("{}")).errors()).singleElement()
                .satisfies(error -> assertThat(error.reason()).endsWith("threw java.io.IOException: label service unreachable"));
        assertThatThrownBy(() -> nothing.map(record("{}"))).hasMessageContaining("returned null");
    }

    @Test
    void aHookThatAsksToRetryLaterReachesTheCallerAndMakesNoDeadLetter() {
        RecordMapper recordHook = mapper(MappingHooks.of((RecordHook) (record, settings) -> {
            throw new RetryLaterException("labels throttled");
        }));
        RecordMapper documentHook = mapper(MappingHooks.of(document -> {
            throw new RetryLaterException("labels throttled");
        }), "mapping.format", "csv", "mapping.csv.columns", "a");

        assertThatThrownBy(() -> recordHook.mapEach(record("{}"))).isInstanceOf(RetryLaterException.class)
                .hasMessage("labels throttled");
        assertThatThrownBy(() -> recordHook.map(record("{}"))).isInstanceOf(RetryLaterException.class);
        assertThatThrownBy(() -> documentHook.mapEach(record("1\n2"))).isInstanceOf(RetryLaterException.class);
    }

    @Test
    void theSettingNamesAClassMadeWithTheSettingsOrWithNoArguments() throws Exception {
        MappingHooks withSettings = MappingHooks.from(Settings.of(Map.of(MappingHooks.HOOK, Tagging.class.getName(),
                "tagging.tag", "blue")));
        MappingHooks plain = MappingHooks.from(Settings.of(Map.of(MappingHooks.HOOK, FailingHook.class.getName())));

        assertThat(withSettings.document()).containsInstanceOf(Tagging.class);
        assertThat(withSettings.record()).isEmpty();
        assertThat(plain.document()).containsInstanceOf(FailingHook.class);
        assertThat(MappingHooks.from(Settings.of(Map.of()))).isSameAs(MappingHooks.NONE);
        DocumentAction action = new RecordMapper(MappingConfig.from(Settings.of(Map.of("opensearch.index", "orders",
                "mapping.hook", Tagging.class.getName(), "tagging.tag", "red")))).map(record("{}")).get(0);
        assertThat(source(action).path("tag").asText()).isEqualTo("red");
    }

    @Test
    void aBadHookSettingStopsAtStartUpWithOneLine() {
        assertThatThrownBy(() -> MappingHooks.from(Settings.of(Map.of(MappingHooks.HOOK, "com.example.Missing"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mapping.hook")
                .hasMessageContaining("no such class on the class path");
        assertThatThrownBy(() -> MappingHooks.from(Settings.of(Map.of(MappingHooks.HOOK, String.class.getName()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must name a class that implements");
        assertThatThrownBy(() -> MappingHooks.from(Settings.of(Map.of(MappingHooks.HOOK, Tagging.class.getName()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tagging.tag");
        assertThatThrownBy(() -> MappingHooks.from(Settings.of(Map.of(MappingHooks.HOOK, NoUsableConstructor.class.getName()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("public constructor");
    }

    /** A hook with a setting of its own, read in its constructor. */
    public static final class Tagging implements DocumentHook {
        private final String tag;

        public Tagging(Settings settings) {
            this.tag = settings.require("tagging.tag", "the tag the hook adds");
        }

        @Override
        public void apply(HookDocument document) {
            document.fields().put("tag", tag);
        }
    }

    /** A hook whose lookup fails for some documents. */
    public static final class FailingHook implements DocumentHook {
        @Override
        public void apply(HookDocument document) {
            String name = document.fields().path("name").asText();
            if (name.equals("bad")) {
                throw new IllegalStateException("no price list for " + name);
            }
        }
    }

    /** Not a usable hook: its only constructor takes something else. */
    public static final class NoUsableConstructor implements DocumentHook {
        public NoUsableConstructor(int unused) {
        }

        @Override
        public void apply(HookDocument document) {
        }
    }
}
