package io.kinesisopensearch.mapping;

import io.kinesisopensearch.decode.ActionType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One OpenSearch bulk action that a record maps to.
 *
 * @param type        index, upsert or delete
 * @param index       the index name
 * @param id          the document id; never null, so that a replay rewrites the same document
 * @param routing     the routing value, or {@code null} for OpenSearch's default
 * @param version     the external version, or {@code null} for none
 * @param versionType how {@code version} is compared; {@code null} exactly when {@code version} is
 * @param source      the document as UTF-8 JSON; {@code null} for a delete. Owned by this action.
 */
public record DocumentAction(
        ActionType type,
        String index,
        String id,
        String routing,
        Long version,
        VersionType versionType,
        byte[] source) {

    /**
     * Checks that the parts go together.
     *
     * @param type        index, upsert or delete
     * @param index       the index name
     * @param id          the document id
     * @param routing     the routing value, or {@code null}
     * @param version     the external version, or {@code null}
     * @param versionType how {@code version} is compared, or {@code null} without one
     * @param source      the document as UTF-8 JSON, not copied; {@code null} for a delete
     * @throws NullPointerException     when {@code type}, {@code index} or {@code id} is null
     * @throws IllegalArgumentException when only one of {@code version} and {@code versionType} is
     *                                  given, an upsert has a version, a delete has a source, or
     *                                  another action has none
     */
    public DocumentAction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        if ((version == null) != (versionType == null)) {
            throw new IllegalArgumentException("version and versionType go together");
        }
        if (type == ActionType.UPSERT && version != null) {
            throw new IllegalArgumentException("OpenSearch's update API takes no external version; use INDEX");
        }
        if ((type == ActionType.DELETE) != (source == null)) {
            throw new IllegalArgumentException("a delete has no source; every other action has one");
        }
    }

    /**
     * An index action: create or replace the document {@code id} with {@code source}.
     *
     * @param index  the index name
     * @param id     the document id
     * @param source the document as UTF-8 JSON, owned by the action from now on
     * @return the action, without routing or version
     */
    public static DocumentAction index(String index, String id, byte[] source) {
        return new DocumentAction(ActionType.INDEX, index, id, null, null, null, source);
    }

    /**
     * An upsert: merge {@code source} into the document {@code id}, creating it when missing.
     *
     * @param index  the index name
     * @param id     the document id
     * @param source the fields as UTF-8 JSON, owned by the action from now on
     * @return the action, without routing or version
     */
    public static DocumentAction upsert(String index, String id, byte[] source) {
        return new DocumentAction(ActionType.UPSERT, index, id, null, null, null, source);
    }

    /**
     * A delete of the document {@code id}.
     *
     * @param index the index name
     * @param id    the document id
     * @return the action, without routing or version
     */
    public static DocumentAction delete(String index, String id) {
        return new DocumentAction(ActionType.DELETE, index, id, null, null, null, null);
    }

    /**
     * This action with another routing value.
     *
     * @param newRouting the routing value, or {@code null} for OpenSearch's default
     * @return the new action, sharing this one's source; this one is unchanged
     */
    public DocumentAction withRouting(String newRouting) {
        return new DocumentAction(type, index, id, newRouting, version, versionType, source);
    }

    /**
     * This action with an external version.
     *
     * @param newVersion     the version
     * @param newVersionType how it is compared with the stored one
     * @return the new action, sharing this one's source; this one is unchanged
     * @throws IllegalArgumentException for an upsert, or when {@code newVersionType} is null
     */
    public DocumentAction withVersion(long newVersion, VersionType newVersionType) {
        return new DocumentAction(type, index, id, routing, newVersion, newVersionType, source);
    }

    /**
     * The size of the source.
     *
     * @return its length in bytes, 0 for a delete
     */
    public int sourceLength() {
        return source == null ? 0 : source.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DocumentAction that
                && type == that.type
                && index.equals(that.index)
                && id.equals(that.id)
                && Objects.equals(routing, that.routing)
                && Objects.equals(version, that.version)
                && versionType == that.versionType
                && Arrays.equals(source, that.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, index, id, routing, version, versionType) * 31 + Arrays.hashCode(source);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(type).append(' ').append(index).append('/').append(id);
        if (routing != null) {
            text.append(" routing=").append(routing);
        }
        if (version != null) {
            text.append(" version=").append(version).append(' ').append(versionType);
        }
        if (source != null) {
            text.append(' ').append(new String(source, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
