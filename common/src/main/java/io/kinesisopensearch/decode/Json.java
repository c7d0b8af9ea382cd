package io.kinesisopensearch.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The project's one Jackson set-up for documents. Numbers stay exact: decimals are read as
 * {@link java.math.BigDecimal} with their trailing zeros, so a price of {@code 12.50} reaches
 * OpenSearch as {@code 12.50}. They are written as {@link java.math.BigDecimal#toString()} does,
 * keeping an exponent where the source had a large one: plain notation would turn the 15 bytes of
 * {@code 1767225599e9000} into 9,000 digits.
 */
public final class Json {

    /**
     * Streaming parsers and generators, jackson-core alone. It is not the mapper's factory on
     * purpose: building an {@link ObjectMapper} loads about 290 jackson-databind classes and the
     * JDK's calendar and locale data (StdDateFormat), about 200 ms of a cold start with Lambda's
     * C1-only flags, which paths that only stream (the Firehose event, JSON records passed through,
     * the response) never need. The mapper is built on first use, by {@link #mapper()}.
     */
    public static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * The node factory the mapper's trees are made with (Jackson's default instance). A method, not
     * a constant, so that loading this class does not load the node classes: JSON records passed
     * through with nothing looked up never make a node.
     */
    public static JsonNodeFactory nodes() {
        return JsonNodeFactory.instance;
    }

    /** The mapper, built on the first call (see {@link #FACTORY}); its factory is another one than {@link #FACTORY}. */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    // Initialised by the JVM on first access, once and thread-safely (the holder idiom).
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        static final ObjectReader READER = MAPPER.reader();
        static final ObjectWriter WRITER = MAPPER.writer();
        static final ObjectReader VALUE_READER = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Reads bytes that must hold exactly one JSON object; {@code what} names them in errors. */
    public static ObjectNode readObject(SourceRecord record, byte[] bytes, int offset, int length, String what)
            throws MappingException {
        JsonNode node;
        try {
            node = Mapper.READER.readTree(bytes, offset, length);
        } catch (JsonProcessingException e) {
            throw badJson(record, what, e);
        } catch (NumberFormatException e) {
            // Jackson reports a number too large for BigDecimal (1E999999999999) this way.
            throw new MappingException(record.coordinates(), "bad JSON in " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MappingException(record.coordinates(), "unreadable " + what + ": " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new MappingException(record.coordinates(),
                    "empty " + ("JSON".equals(what) ? "record" : what) + ", expected a JSON object");
        }
        if (!node.isObject()) {
            throw new MappingException(record.coordinates(), "expected a JSON object but found " + typeOf(node));
        }
        return (ObjectNode) node;
    }

    /** Reads the value the parser is at, leaving the parser after it. */
    static JsonNode readValue(com.fasterxml.jackson.core.JsonParser parser) throws IOException {
        return Mapper.VALUE_READER.readTree(parser);
    }

    /** A mapping error for JSON that Jackson refused, with the byte offset where it stopped. */
    public static MappingException badJson(SourceRecord record, String what, JsonProcessingException e) {
        long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        String where = "JSON".equals(what) ? "bad JSON" : "bad JSON in " + what;
        return new MappingException(record.coordinates(),
                where + " at offset " + offset + ": " + e.getOriginalMessage(), e);
    }

    /** The document as UTF-8 JSON. */
    public static byte[] write(ObjectNode document) throws IOException {
        return Mapper.WRITER.writeValueAsBytes(document);
    }

    /**
     * The JSON pointer a setting holds, such as {@code /order/id}; one that is not a pointer, or
     * that points at the whole document, is a configuration error naming {@code key}.
     */
    public static JsonPointer pointer(String key, String text) {
        try {
            JsonPointer pointer = JsonPointer.compile(text.trim());
            if (pointer.matches()) {
                throw Settings.invalid(key, text, "the pointer must name a field, such as /orderId");
            }
            return pointer;
        } catch (IllegalArgumentException e) {
            throw Settings.invalid(key, text, "must be a JSON pointer such as /orderId or /order/id");
        }
    }

    /** The JSON pointer the setting {@code key} holds, if it is set; checked as {@link #pointer} does. */
    public static Optional<JsonPointer> findPointer(Settings settings, String key) {
        Optional<String> text = settings.find(key);
        return text.isPresent() ? Optional.of(pointer(key, text.get())) : Optional.empty();
    }

    /** How a node is named in error messages: object, array, string, number, boolean or null. */
    public static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** A short, single-line rendering of a value for error messages. */
    public static String preview(JsonNode node) {
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
