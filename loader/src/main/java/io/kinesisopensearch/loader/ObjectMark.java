package io.kinesisopensearch.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.mapping.DocumentAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The field a load of one object writes into each of its documents, so that the object's documents
 * can be found again whatever their ids (ids from the data, {@code mapping.id-pointer}, say nothing
 * of the object): to delete them when the object is deleted, and after a load to delete those an
 * earlier load of the object wrote and this one did not (the object became shorter).
 *
 * <p>{@code {"bucket": ..., "key": ..., "object": <32 hex digits>, "load": <32 hex digits>}}:
 * {@code object} is the SHA-256 of {@code bucket/key}, {@code load} a random token of this load.
 * Both are lower-case hex, one token for OpenSearch's standard analyzer as for a keyword field, so
 * a term query finds them in an index with an explicit mapping and in one mapped dynamically.
 *
 * @param field  the field's name ({@code load.object-field})
 * @param bucket the object's bucket
 * @param key    the object's key
 * @param load   this load's token
 */
public record ObjectMark(String field, String bucket, String key, String load) {

    /**
     * The mark of a new load of {@code bucket/key}.
     *
     * @param field  the field's name
     * @param bucket the object's bucket
     * @param key    the object's key
     * @return the mark, with a new random {@link #load()} token
     */
    public static ObjectMark newLoad(String field, String bucket, String key) {
        return new ObjectMark(field, bucket, key, UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * What every load of this object writes as {@code object}.
     *
     * @return {@link #objectHash(String, String)} of the bucket and key
     */
    public String object() {
        return objectHash(bucket, key);
    }

    /**
     * The SHA-256 of {@code bucket/key}, its first 32 hex digits: the {@code object} of every load of it.
     *
     * @param bucket the object's bucket
     * @param key    the object's key
     * @return 32 lower-case hex digits
     */
    public static String objectHash(String bucket, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((bucket + "/" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /**
     * Writes the mark into the actions' documents.
     *
     * @param actions the actions of one record
     * @return {@code actions} with the mark in the source of each index and upsert, in order; deletes,
     *         and sources that are no JSON object, as they are
     * @throws IllegalStateException when a source is not JSON
     */
    public List<DocumentAction> apply(List<DocumentAction> actions) {
        List<DocumentAction> marked = new ArrayList<>(actions.size());
        for (DocumentAction action : actions) {
            if (action.type() == ActionType.DELETE) {
                marked.add(action);
                continue;
            }
            JsonNode source;
            try {
                source = Json.mapper().readTree(action.source());
            } catch (IOException e) {
                throw new IllegalStateException("an action whose source is not JSON: " + action, e);
            }
            if (!(source instanceof ObjectNode document)) {
                marked.add(action);
                continue;
            }
            document.putObject(field).put("bucket", bucket).put("key", key).put("object", object()).put("load", load);
            byte[] bytes;
            try {
                bytes = Json.mapper().writeValueAsBytes(document);
            } catch (IOException e) {
                throw new IllegalStateException("a JSON tree that cannot be written", e);
            }
            marked.add(new DocumentAction(action.type(), action.index(), action.id(), action.routing(), action.version(),
                    action.versionType(), bytes));
        }
        return marked;
    }
}
