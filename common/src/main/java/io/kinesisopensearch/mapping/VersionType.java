package io.kinesisopensearch.mapping;

/**
 * How OpenSearch compares an action's external version with the stored one; with either type an
 * older change never overwrites a newer one.
 */
public enum VersionType {
    /** Applied only when the given version is greater than the stored one. */
    EXTERNAL,
    /**
     * Applied when the given version is greater than or equal to the stored one: a duplicate of a
     * change is applied again rather than refused. The mapping's default (see
     * {@link io.kinesisopensearch.decode.DynamoDbChangeDecoder} for why).
     */
    EXTERNAL_GTE
}
