package io.kinesisopensearch.loader.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * An image in S3 as the {@link ImageLabelsHook} reads it from a record: the record's bytes are this
 * JSON ({@link #toJson()}), the object's reference and what S3 says of it, so that the hook needs
 * no S3 call of its own and a record of this shape from any source (a stream of S3 references) is
 * labelled alike.
 *
 * @param bucket       the bucket
 * @param key          the key, as stored (not URL-encoded)
 * @param versionId    the version, or null in a bucket without versioning
 * @param size         its size in bytes, -1 when unknown
 * @param contentType  its Content-Type, or null
 * @param lastModified when it was uploaded, or null
 * @param etag         its ETag without quotes, or null
 */
public record ImageObject(String bucket, String key, String versionId, long size, String contentType,
        Instant lastModified, String etag) {

    /** OpenSearch refuses ids longer than this many bytes. */
    static final int MAX_ID_BYTES = 512;

    /**
     * The object's URI, for messages and dead letters.
     *
     * @return {@code s3://bucket/key}, with {@code ?versionId=...} when there is a version
     */
    public String uri() {
        return "s3://" + bucket + "/" + key + (versionId == null ? "" : "?versionId=" + versionId);
    }

    /**
     * The document's id: bucket, key and version, so that loading the object again rewrites its
     * document; the SHA-256 of that text when it is longer than OpenSearch takes (an S3 key may have
     * 1,024 bytes).
     *
     * @return {@code bucket/key} (with {@code ?versionId=...}), or {@code sha256:} and 64 hex digits of it
     *         when it is longer than 512 bytes
     */
    public String documentId() {
        String id = bucket + "/" + key + (versionId == null ? "" : "?versionId=" + versionId);
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_ID_BYTES) {
            return id;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /**
     * The record bytes that stand for this object.
     *
     * @return a JSON object of the components, those that are null left out
     */
    public byte[] toJson() {
        ObjectNode node = Json.nodes().objectNode();
        node.put("bucket", bucket).put("key", key);
        if (versionId != null) {
            node.put("versionId", versionId);
        }
        node.put("size", size);
        if (contentType != null) {
            node.put("contentType", contentType);
        }
        if (lastModified != null) {
            node.put("lastModified", lastModified.toString());
        }
        if (etag != null) {
            node.put("etag", etag);
        }
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    /** The object {@code record} stands for. */
    static ImageObject of(SourceRecord record) throws MappingException {
        JsonNode node;
        try {
            node = Json.mapper().readTree(record.data());
        } catch (IOException e) {
            throw new MappingException(record.coordinates(), "not an image reference: not JSON: " + e.getMessage());
        }
        String bucket = node.path("bucket").asText("");
        String key = node.path("key").asText("");
        if (bucket.isEmpty() || key.isEmpty()) {
            throw new MappingException(record.coordinates(), "not an image reference: it needs a bucket and a key");
        }
        Instant lastModified = null;
        if (node.hasNonNull("lastModified")) {
            try {
                lastModified = Instant.parse(node.get("lastModified").asText());
            } catch (DateTimeParseException e) {
                throw new MappingException(record.coordinates(), "lastModified of s3://" + bucket + "/" + key
                        + " is not an ISO-8601 time: " + node.get("lastModified").asText());
            }
        }
        return new ImageObject(bucket, key, text(node, "versionId"), node.path("size").asLong(-1),
                text(node, "contentType"), lastModified, text(node, "etag"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isEmpty() ? node.get(field).asText() : null;
    }
}
