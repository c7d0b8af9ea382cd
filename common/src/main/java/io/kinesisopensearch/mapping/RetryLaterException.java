package io.kinesisopensearch.mapping;

/**
 * Thrown by a mapping hook when a record cannot be mapped now but will be later: the service the
 * hook calls throttles it or is away for a while. Unlike any other exception of a hook, it does not
 * make the record a dead letter: the mapping lets it through, and the sink maps the record again
 * after a backoff ({@code OpenSearchSink.add}), holding what comes after it as it holds a batch on
 * OpenSearch's 429, until the path's deadline (a Lambda invocation's time) if it has one. A path
 * that maps without the sink (the Firehose transformer) fails its invocation, which is retried.
 */
public class RetryLaterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what refused the hook, for the log while the record is held
     * @param cause   the service's exception (its throttling, its outage), kept for the log
     */
    public RetryLaterException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what refused the hook, for the log while the record is held */
    public RetryLaterException(String message) {
        super(message);
    }
}
