package io.kinesisopensearch.mapping;

/**
 * User code that changes each document a record decodes to, before its action is built: a computed
 * field, a lookup, a field the settings cannot express. It runs after the settings' decoding and
 * before the document's id, routing, version, index and field transforms are taken from it, so a
 * field it adds can be the id ({@code mapping.id-pointer}) or be renamed by {@code mapping.rename}.
 *
 * <p>Chosen in code ({@link MappingHooks#of(DocumentHook)}) or by the setting {@value MappingHooks#HOOK}
 * naming a class. The same hook runs in the worker, the Lambda handlers, the loader and the Firehose
 * transformer. It is called from several threads at once (one per shard) and must be thread-safe.
 *
 * <pre>{@code
 * DocumentHook total = document -> {
 *     ObjectNode fields = document.fields();
 *     fields.put("total", fields.path("price").asDouble() * fields.path("quantity").asInt());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface DocumentHook {

    /**
     * Changes {@code document} in place, or {@linkplain HookDocument#skip() skips} it.
     *
     * @param document the decoded document, with the record it came from
     * @throws Exception anything that goes wrong: that part of the record is not written and the
     *                   record goes to the dead letters with the exception's message; the other
     *                   records, and the shard, go on
     */
    void apply(HookDocument document) throws Exception;
}
