package io.kinesisopensearch.mapping;

import io.kinesisopensearch.record.MappingException;
import java.util.List;

/**
 * What one record maps to when its parts are taken one by one: the actions of the parts that
 * mapped, and an error for each part (or the whole record) that did not.
 *
 * @param actions the actions, in record order
 * @param errors  the failures, each naming the record and the part; empty when everything mapped
 */
public record MappingResult(List<DocumentAction> actions, List<MappingException> errors) {

    public MappingResult {
        actions = List.copyOf(actions);
        errors = List.copyOf(errors);
    }

    /** True when every part of the record mapped. */
    public boolean isComplete() {
        return errors.isEmpty();
    }
}
