package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;

/**
 * Decodes records of mixed formats by looking at each one: gzip magic bytes mean a CloudWatch Logs
 * payload, an object with {@code eventName} and a {@code dynamodb} object a DynamoDB change record,
 * another object a JSON event, anything else text lines. CSV cannot be told from text, so it is
 * never detected. A record that starts like a JSON object but is not well-formed is a JSON error.
 */
public final class FormatDetector implements PayloadDecoder {

    private final JsonDecoder json;
    private final DynamoDbChangeDecoder dynamoDb;
    private final CloudWatchLogsDecoder logs;
    private final TextLinesDecoder text;

    public FormatDetector(JsonDecoder json, DynamoDbChangeDecoder dynamoDb, CloudWatchLogsDecoder logs,
            TextLinesDecoder text) {
        this.json = json;
        this.dynamoDb = dynamoDb;
        this.logs = logs;
        this.text = text;
    }

    /** The format {@code data} appears to be in. */
    public static PayloadFormat detect(byte[] data) {
        if (Gzip.isGzip(data)) {
            return PayloadFormat.CLOUDWATCH_LOGS;
        }
        return startsWithObject(data) ? PayloadFormat.JSON : PayloadFormat.TEXT;
    }

    @Override
    public void decode(SourceRecord record, DocumentSink sink) throws MappingException {
        switch (detect(record.data())) {
            case CLOUDWATCH_LOGS -> logs.decode(record, sink);
            case JSON -> {
                ObjectNode document = Json.readObject(record, record.data(), 0, record.data().length, "JSON");
                if (DynamoDbChangeDecoder.looksLikeChange(document)) {
                    dynamoDb.decodeTree(record, document, sink);
                } else {
                    json.decodeTree(record, document, sink);
                }
            }
            default -> text.decode(record, sink);
        }
    }

    private static boolean startsWithObject(byte[] data) {
        int i = 0;
        // a UTF-8 byte order mark may precede the object
        if (data.length >= 3 && (data[0] & 0xff) == 0xef && (data[1] & 0xff) == 0xbb && (data[2] & 0xff) == 0xbf) {
            i = 3;
        }
        for (; i < data.length; i++) {
            byte b = data[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }
}
