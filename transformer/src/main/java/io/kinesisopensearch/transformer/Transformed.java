package io.kinesisopensearch.transformer;

import java.util.List;

/** What one Firehose record maps to, before the response and the re-ingest are planned. */
sealed interface Transformed {

    /** The record cannot be read or mapped: answered {@code ProcessingFailed}, the reason logged. */
    record Failed(String reason) implements Transformed {
    }

    /**
     * The documents Firehose can deliver for the record, in order; none when the mapping gave none
     * (a control message, a filtered record) or only actions Firehose cannot apply.
     *
     * @param documents each one JSON document; a piece put back earlier gives its one document as it is
     */
    record Documents(List<byte[]> documents) implements Transformed {
        public Documents {
            documents = List.copyOf(documents);
        }
    }
}
