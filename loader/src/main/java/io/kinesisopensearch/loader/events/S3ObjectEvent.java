package io.kinesisopensearch.loader.events;

/**
 * One change of one S3 object, as an S3 event announces it, whatever the envelope.
 *
 * @param change    created (written or overwritten) or removed
 * @param bucket    the bucket
 * @param key       the key as stored: URL-decoded from an S3 notification, as given by EventBridge
 * @param versionId the version, or null
 * @param size      the size in bytes, -1 when not told (removals)
 * @param eTag      the ETag, or null
 * @param sequencer S3's order of the events of one key, or null
 * @param eventName what S3 called it: {@code ObjectCreated:Put}, {@code Object Deleted}, ...
 */
public record S3ObjectEvent(Change change, String bucket, String key, String versionId, long size, String eTag,
        String sequencer, String eventName) {

    /** What happened to the object. */
    public enum Change {
        /** {@code ObjectCreated:*}, {@code Object Created}: the object was written; load it (again). */
        CREATED,
        /** {@code ObjectRemoved:*}, {@code LifecycleExpiration:Delete*}, {@code Object Deleted}: delete its documents. */
        REMOVED
    }

    /** {@code s3://bucket/key}. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
