package io.kinesisopensearch.mapping;

/**
 * One decoded document cannot become an action; the mapper turns this into a {@link io.kinesisopensearch.record.MappingException}
 * naming the record. Carries no stack trace: it is an expected outcome, not a bug.
 */
final class InvalidDocumentException extends Exception {

    InvalidDocumentException(String reason) {
        super(reason, null, false, false);
    }
}
