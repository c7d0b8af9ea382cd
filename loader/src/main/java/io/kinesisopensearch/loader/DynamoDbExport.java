package io.kinesisopensearch.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.decode.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A full DynamoDB export to S3 as its manifests describe it
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html):
 * {@code manifest-summary.json} gives the export time, the table and the key of
 * {@code manifest-files.json}, whose lines each name one data file ({@code dataFileS3Key}), a
 * gzipped file of {@code {"Item":{...}}} lines in DynamoDB JSON.
 *
 * @param summaryKey    the key of {@code manifest-summary.json}
 * @param exportTime    the point in time the export reflects
 * @param tableArn      the exported table
 * @param itemCount     the items the export holds, as the summary says
 * @param dataFileKeys  the data files, in manifest order
 */
public record DynamoDbExport(String summaryKey, Instant exportTime, String tableArn, long itemCount,
        List<String> dataFileKeys) {

    public static final String SUMMARY = "manifest-summary.json";

    public DynamoDbExport {
        dataFileKeys = List.copyOf(dataFileKeys);
    }

    /** Reads the manifests of the export whose summary is {@code summaryKey}. */
    public static DynamoDbExport read(S3Client s3, String bucket, String summaryKey) throws IOException {
        JsonNode summary;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get -> get.bucket(bucket).key(summaryKey))) {
            summary = Json.mapper().readTree(in);
        }
        String format = summary.path("outputFormat").asText("DYNAMODB_JSON");
        if (!format.equals("DYNAMODB_JSON")) {
            throw new IOException(summaryKey + ": the export's outputFormat is " + format + "; only DYNAMODB_JSON is read");
        }
        if (summary.path("exportType").asText("FULL_EXPORT").equals("INCREMENTAL_EXPORT")) {
            throw new IOException(summaryKey + ": an incremental export; only full exports are read");
        }
        Instant exportTime;
        try {
            exportTime = Instant.parse(summary.path("exportTime").asText(""));
        } catch (DateTimeParseException e) {
            throw new IOException(summaryKey + ": exportTime is not an ISO-8601 time: " + summary.path("exportTime"));
        }
        String manifestKey = summary.path("manifestFilesS3Key").asText("");
        if (manifestKey.isEmpty()) {
            throw new IOException(summaryKey + ": no manifestFilesS3Key");
        }
        List<String> dataFiles = new ArrayList<>();
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get -> get.bucket(bucket).key(manifestKey));
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    String key = Json.mapper().readTree(line).path("dataFileS3Key").asText("");
                    if (key.isEmpty()) {
                        throw new IOException(manifestKey + ": a line without dataFileS3Key: " + line);
                    }
                    dataFiles.add(key);
                }
            }
        }
        return new DynamoDbExport(summaryKey, exportTime, summary.path("tableArn").asText(""),
                summary.path("itemCount").asLong(-1), dataFiles);
    }

    /** The table's name, the last part of its ARN. */
    public String tableName() {
        return tableArn.substring(tableArn.lastIndexOf('/') + 1);
    }
}
