package io.kinesisopensearch.mapping;

import io.kinesisopensearch.record.SourceRecord;
import java.util.List;

/**
 * User code that turns a whole record into its actions, for what no decoder reads or what needs
 * more than the record (an enrichment call, a lookup that decides the action). {@code settings}
 * maps the record as the settings say (decoding, the {@link DocumentHook} if any, ids, versions,
 * index): a hook that only adds to, filters or changes what they give calls it; one that reads a
 * format of its own does not.
 *
 * <p>Chosen in code ({@link MappingHooks#of(RecordHook)}) or by the setting {@value MappingHooks#HOOK}
 * naming a class; it runs in the worker, the Lambda handlers, the loader and the Firehose
 * transformer alike, from several threads at once, and must be thread-safe. A record hook makes a
 * record all or nothing: when any part fails, the whole record goes to the dead letters.
 */
@FunctionalInterface
public interface RecordHook {

    /**
     * The actions for {@code record}.
     *
     * @param record   the record, not yet decoded
     * @param settings the mapping the settings give, without this hook, to call or ignore
     * @return the actions, in the order they must be applied; an empty list to write nothing, never {@code null}
     * @throws Exception anything that goes wrong: the record goes to the dead letters with the
     *                   exception's message (a {@link io.kinesisopensearch.record.MappingException} keeps its own reason); the
     *                   other records, and the shard, go on. A {@link RetryLaterException} (a throttled
     *                   service) is no dead letter: the record is mapped again after a backoff
     */
    List<DocumentAction> map(SourceRecord record, RecordMapper settings) throws Exception;
}
