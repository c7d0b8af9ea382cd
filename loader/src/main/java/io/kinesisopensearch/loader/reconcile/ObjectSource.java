package io.kinesisopensearch.loader.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.loader.LoadFormat;
import io.kinesisopensearch.loader.LoadPlan;
import io.kinesisopensearch.loader.ObjectMappers;
import io.kinesisopensearch.loader.ObjectRows;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.MappingResult;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * What is stored under an S3 prefix, read as the load reads it ({@link LoadPlan}, {@link ObjectMappers}):
 * CSV and NDJSON objects row by row, or a DynamoDB export's items with the export time as version.
 * Objects in key order and rows in line order, so that of two rows with one id the later one
 * decides, as it would in a load. Each item keeps its row (its locator: object, line and text),
 * so that the repair writes it through the mapping as the load would. Stored objects do not
 * change while the reconcile runs: an item is not read again; an id found different is checked
 * again in the index only.
 */
final class ObjectSource implements Source {

    private final S3Client s3;
    private final LoadPlan plan;
    private final ObjectMappers mappers;
    private final boolean keepVersions;
    private final LongConsumer bytesRead;
    private final Map<Integer, RecordMapper> csvMappers = new ConcurrentHashMap<>();
    private long order;

    /**
     * @param keepVersions whether the mapping's versions are the rows' own (a version field) and compared
     * @param bytesRead    told of the stored bytes as they are read
     */
    ObjectSource(S3Client s3, LoadPlan plan, ObjectMappers mappers, boolean keepVersions, LongConsumer bytesRead) {
        this.s3 = s3;
        this.plan = plan;
        this.mappers = mappers;
        this.keepVersions = keepVersions;
        this.bytesRead = bytesRead;
    }

    @Override
    public String describe() {
        return "s3://" + plan.bucket() + "/" + commonPrefix();
    }

    private String commonPrefix() {
        if (plan.objects().isEmpty()) {
            return "";
        }
        String first = plan.objects().get(0).key();
        return first.contains("/") ? first.substring(0, first.lastIndexOf('/') + 1) : "";
    }

    @Override
    public long estimate() {
        return -1;
    }

    @Override
    public boolean rereads() {
        return false;
    }

    @Override
    public void read(Items items) throws IOException {
        for (int object = 0; object < plan.objects().size(); object++) {
            LoadPlan.Item stored = plan.objects().get(object);
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get -> get.bucket(plan.bucket()).key(stored.key()));
                    ObjectRows rows = mappers.rows(in, bytesRead, stored.format())) {
                RecordMapper mapper = mappers.forFormat(stored.format());
                for (ObjectRows.Row row = rows.next(); row != null; row = rows.next()) {
                    if (mapper == null) {
                        mapper = mappers.csv(stored.key(), row);
                        csvMappers.put(object, mapper);
                        if (mappers.csvHeaderRow()) {
                            continue;
                        }
                    }
                    byte[] locator = locator(object, row);
                    SourceRecord record = record(object, row);
                    MappingResult mapped = mapper.mapEach(record);
                    for (MappingException error : mapped.errors()) {
                        items.unmapped("s3://" + plan.bucket() + "/" + stored.key() + " line " + row.line(), error.reason());
                    }
                    order++;
                    for (DocumentAction action : mapped.actions()) {
                        items.item(Source.item(action, keepVersions, order, locator));
                    }
                }
            }
        }
    }

    private SourceRecord record(int object, ObjectRows.Row row) {
        LoadPlan.Item stored = plan.objects().get(object);
        byte[] data = stored.format() == LoadFormat.DYNAMODB_EXPORT
                ? plan.exportItems().orElseThrow().change(row.text())
                : row.text().getBytes(StandardCharsets.UTF_8);
        return new SourceRecord(ObjectMappers.coordinates(plan.bucket(), stored.key(), row.line()), data);
    }

    private static byte[] locator(int object, ObjectRows.Row row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(row.text().length() + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(object);
            out.writeLong(row.line());
            Records.writeString(out, row.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public List<Expected> reread(List<Candidate> candidates, List<JsonNode> documents) throws IOException {
        List<Expected> expected = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            SourceItem item = candidate.source();
            if (item == null) {
                expected.add(null);
                continue;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(item.locator()))) {
                int object = in.readInt();
                ObjectRows.Row row = new ObjectRows.Row(in.readLong(), Records.readString(in));
                RecordMapper mapper = mappers.forFormat(plan.objects().get(object).format());
                expected.add(new Expected(item, record(object, row), mapper != null ? mapper : csvMappers.get(object)));
            }
        }
        return expected;
    }

    @Override
    public void close() {
        s3.close();
    }
}
