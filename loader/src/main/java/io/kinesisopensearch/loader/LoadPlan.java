package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects a load reads, in key order, each with the ETag it is recorded under and its format:
 * the data objects under the prefix, or, when the prefix holds one DynamoDB export, the data files
 * its manifest lists, with the converter that gives its items their export-time version.
 *
 * @param bucket      the bucket
 * @param objects     the objects to load
 * @param exportItems for an export, how its items become change records
 */
public record LoadPlan(String bucket, List<Item> objects, Optional<ExportItems> exportItems) {

    private static final Logger LOG = LoggerFactory.getLogger(LoadPlan.class);

    /**
     * One object.
     *
     * @param key    its key
     * @param etag   its ETag when listed
     * @param format how it is read
     */
    public record Item(String key, String etag, LoadFormat format) {
    }

    /**
     * Lists the objects under the source of {@code config}, or reads the manifests of the export it
     * names (asking DynamoDB for the table's keys unless the settings give them).
     *
     * @throws io.kinesisopensearch.config.ConfigException when the prefix holds several exports
     */
    public static LoadPlan find(S3Client s3, LoadConfig config, AwsClientConfig aws) throws IOException {
        Map<String, S3Object> listed = new LinkedHashMap<>();
        s3.listObjectsV2Paginator(list -> list.bucket(config.bucket()).prefix(config.prefix())).contents()
                .forEach(object -> listed.put(object.key(), object));
        List<String> summaries = listed.keySet().stream()
                .filter(key -> key.equals(DynamoDbExport.SUMMARY) || key.endsWith("/" + DynamoDbExport.SUMMARY)).toList();
        boolean export = config.format() == LoadFormat.DYNAMODB_EXPORT
                || config.format() == LoadFormat.AUTO && !summaries.isEmpty();
        if (export) {
            if (summaries.size() != 1) {
                throw Settings.invalid(LoadConfig.SOURCE, config.describe(), "holds " + summaries.size() + " "
                        + DynamoDbExport.SUMMARY + " files; name the folder of one export, .../AWSDynamoDB/<export id>/");
            }
            return forExport(s3, config, aws, listed, DynamoDbExport.read(s3, config.bucket(), summaries.get(0)));
        }
        List<Item> objects = new ArrayList<>();
        for (S3Object object : listed.values()) {
            Optional<LoadFormat> format = object.key().endsWith("/") ? Optional.empty()
                    : config.format() == LoadFormat.AUTO ? LoadFormat.byName(object.key()) : Optional.of(config.format());
            if (format.isPresent()) {
                objects.add(new Item(object.key(), object.eTag(), format.get()));
            } else if (!object.key().endsWith("/")) {
                LOG.warn("Skipping s3://{}/{}: not .csv, .json, .jsonl or .ndjson (optionally .gz); set {} to read it",
                        config.bucket(), object.key(), LoadConfig.FORMAT);
            }
        }
        return new LoadPlan(config.bucket(), objects, Optional.empty());
    }

    private static LoadPlan forExport(S3Client s3, LoadConfig config, AwsClientConfig aws, Map<String, S3Object> listed,
            DynamoDbExport export) {
        List<String> keys = config.exportKeys().isEmpty() ? describeKeys(aws, export.tableName()) : config.exportKeys();
        LOG.info("DynamoDB export of {} at {}: {} items in {} data files, keys {}, versions as beside {}",
                export.tableArn(), export.exportTime(), export.itemCount(), export.dataFileKeys().size(), keys,
                config.liveSource());
        List<Item> objects = new ArrayList<>();
        for (String key : export.dataFileKeys()) {
            S3Object object = listed.get(key);
            String etag = object != null ? object.eTag() : s3.headObject(head -> head.bucket(config.bucket()).key(key)).eTag();
            objects.add(new Item(key, etag, LoadFormat.DYNAMODB_EXPORT));
        }
        return new LoadPlan(config.bucket(), objects,
                Optional.of(new ExportItems(keys, export.exportTime(), config.liveSource())));
    }

    /** A DynamoDB client as the settings describe it (region, endpoint, credentials). */
    public static DynamoDbClient dynamoDbClient(AwsClientConfig aws) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().credentialsProvider(aws.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        aws.region().ifPresent(builder::region);
        aws.dynamoDb().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The table's key attributes, partition key first, from DescribeTable. */
    private static List<String> describeKeys(AwsClientConfig aws, String table) {
        try (DynamoDbClient dynamoDb = dynamoDbClient(aws)) {
            TableDescription description = dynamoDb.describeTable(describe -> describe.tableName(table)).table();
            return description.keySchema().stream()
                    .sorted((a, b) -> a.keyType() == KeyType.HASH ? -1 : b.keyType() == KeyType.HASH ? 1 : 0)
                    .map(KeySchemaElement::attributeName).toList();
        }
    }
}
