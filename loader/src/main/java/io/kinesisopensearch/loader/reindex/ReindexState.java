package io.kinesisopensearch.loader.reindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.sink.bulk.DualWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a reindex of one alias stands, kept in the cluster ({@link DualWrites#STATE_INDEX}, the
 * alias as id) after every step, so that a reindex stopped anywhere is carried on (or rolled back)
 * by the next run, and so that the writers learn whether to copy ({@link DualWrites#COPIES}).
 * Written with the sequence number it was read at: two reindexes of one alias cannot both move it.
 */
final class ReindexState {

    /** The steps, in order; a run carries on from the phase it finds. */
    enum Phase {
        /** The indexes are chosen: the current one and the next one's name. */
        STARTED,
        /** The next index exists with the new mapping, and both have their copy aliases. */
        CREATED,
        /** The writers copy every action to the other index (known to all of them {@link DualWrites#REFRESH} after). */
        DUAL_WRITING,
        /** The next index holds the source's documents. */
        BACKFILLED,
        /** The next index equals the source. */
        CHECKED,
        /** The alias points at the next index; the writers copy to the old one, kept for a rollback. */
        SWAPPED,
        /** --finish: copies stop, then the old index is deleted. */
        FINISHING,
        /** Done: the alias points at the next index, the old one is gone. */
        FINISHED,
        /** --rollback: the alias goes back, copies stop, then the next index is deleted. */
        ROLLING_BACK,
        /** Rolled back: the alias points at the old index, the next one is gone. */
        ROLLED_BACK;

        boolean ended() {
            return this == FINISHED || this == ROLLED_BACK;
        }
    }

    /**
     * One step done, for the report and the README's figures.
     *
     * @param step   its name
     * @param at     when it ended
     * @param millis how long it took
     * @param detail what it did
     */
    record Step(String step, Instant at, long millis, String detail) {
    }

    String alias;
    Phase phase;
    String from;
    String to;
    String source;
    Instant started;
    /** Epoch milliseconds when copying was switched on or off last: the writers know it {@link DualWrites#REFRESH} later. */
    long copiesChangedAt;
    Map<String, String> copies = new LinkedHashMap<>();
    /** Index settings changed for the reindex, by index, with the values to put back (null: the default). */
    Map<String, Map<String, String>> restore = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    long seqNo = -1;
    long primaryTerm = -1;

    static ReindexState start(String alias, String from, String to, String source) {
        ReindexState state = new ReindexState();
        state.alias = alias;
        state.phase = Phase.STARTED;
        state.from = from;
        state.to = to;
        state.source = source;
        state.started = Instant.now();
        return state;
    }

    /** Copies to the other index of the two from now on. */
    void copyBetweenBoth() {
        copies = new LinkedHashMap<>();
        copies.put(from, DualWrites.copyAlias(from));
        copies.put(to, DualWrites.copyAlias(to));
        copiesChangedAt = System.currentTimeMillis();
    }

    /** No copies from now on. */
    void stopCopies() {
        copies = new LinkedHashMap<>();
        copiesChangedAt = System.currentTimeMillis();
    }

    void step(String step, long millis, String detail) {
        steps.add(new Step(step, Instant.now(), millis, detail));
    }

    ObjectNode json() {
        ObjectNode json = Json.nodes().objectNode();
        json.put("alias", alias);
        json.put("phase", phase.name());
        json.put("from", from);
        json.put("to", to);
        json.put("source", source);
        json.put("started", started.toString());
        json.put("copiesChangedAt", copiesChangedAt);
        ObjectNode copyTargets = json.putObject(DualWrites.COPIES);
        copies.forEach(copyTargets::put);
        ObjectNode restoring = json.putObject("restore");
        restore.forEach((index, values) -> {
            ObjectNode settings = restoring.putObject(index);
            values.forEach(settings::put);
        });
        var stepList = json.putArray("steps");
        for (Step step : steps) {
            ObjectNode entry = stepList.addObject();
            entry.put("step", step.step());
            entry.put("at", step.at().toString());
            entry.put("millis", step.millis());
            entry.put("detail", step.detail());
        }
        json.put("updated", Instant.now().toString());
        return json;
    }

    static ReindexState of(JsonNode hit) {
        JsonNode json = hit.path("_source");
        ReindexState state = new ReindexState();
        state.alias = json.path("alias").asText();
        state.phase = Phase.valueOf(json.path("phase").asText());
        state.from = json.path("from").asText();
        state.to = json.path("to").asText();
        state.source = json.path("source").asText();
        state.started = Instant.parse(json.path("started").asText());
        state.copiesChangedAt = json.path("copiesChangedAt").asLong();
        json.path(DualWrites.COPIES).fields().forEachRemaining(entry -> state.copies.put(entry.getKey(),
                entry.getValue().asText()));
        json.path("restore").fields().forEachRemaining(index -> {
            Map<String, String> values = new LinkedHashMap<>();
            index.getValue().fields().forEachRemaining(value -> values.put(value.getKey(),
                    value.getValue().isNull() ? null : value.getValue().asText()));
            state.restore.put(index.getKey(), values);
        });
        for (JsonNode step : json.path("steps")) {
            state.steps.add(new Step(step.path("step").asText(), Instant.parse(step.path("at").asText()),
                    step.path("millis").asLong(), step.path("detail").asText()));
        }
        state.seqNo = hit.path("_seq_no").asLong(-1);
        state.primaryTerm = hit.path("_primary_term").asLong(-1);
        return state;
    }
}
