package io.kinesisopensearch.loader;

import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.MappingHooks;
import io.kinesisopensearch.mapping.RecordHook;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.mapping.RetryLaterException;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.util.List;
import java.util.Optional;

/**
 * Writes an {@link ObjectMark} into what the mapping (with the user's record hook, if any) gives a
 * row: after every field transform, so that {@code mapping.include} cannot drop it. A row's
 * record becomes all or nothing, as with any record hook: a line whose array holds one bad
 * element ({@code mapping.records-pointer}) is a dead letter whole.
 */
final class MarkingHook implements RecordHook {

    private final Optional<RecordHook> user;
    private final ObjectMark mark;

    private MarkingHook(Optional<RecordHook> user, ObjectMark mark) {
        this.user = user;
        this.mark = mark;
    }

    /** {@code hooks} with their record hook, or the settings' mapping, followed by the mark. */
    static MappingHooks around(MappingHooks hooks, ObjectMark mark) {
        return new MappingHooks(hooks.document(), Optional.of(new MarkingHook(hooks.record(), mark)));
    }

    @Override
    public List<DocumentAction> map(SourceRecord record, RecordMapper settings) throws Exception {
        if (user.isEmpty()) {
            return mark.apply(settings.map(record));
        }
        List<DocumentAction> actions;
        try {
            actions = user.get().map(record, settings);
        } catch (MappingException | RetryLaterException e) {
            throw e;
        } catch (Exception e) {
            // Named as the mapping names a hook that throws, the user's hook, not this wrapper.
            throw new MappingException(record.coordinates(), "mapping hook " + user.get().getClass().getName() + " threw "
                    + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        if (actions == null) {
            throw new MappingException(record.coordinates(), "mapping hook " + user.get().getClass().getName()
                    + " returned null, not a list");
        }
        return mark.apply(actions);
    }
}
