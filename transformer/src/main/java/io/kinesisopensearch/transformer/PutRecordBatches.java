package io.kinesisopensearch.transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups pieces into PutRecordBatch calls within Firehose's limits: at most 500 records and 4 MiB
 * of data per call, each record at most 1,000 KiB.
 */
final class PutRecordBatches {

    static final int MAX_RECORDS = 500;
    static final long MAX_BYTES = 4L * 1024 * 1024;
    static final int MAX_RECORD_BYTES = 1_000 * 1024;

    private PutRecordBatches() {
    }

    /** The positions of {@code pieces} for each call, in order; pieces over the record limit are left out. */
    static List<List<Integer>> plan(List<byte[]> pieces) {
        List<List<Integer>> calls = new ArrayList<>();
        List<Integer> call = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < pieces.size(); i++) {
            int size = pieces.get(i).length;
            if (size > MAX_RECORD_BYTES) {
                continue;
            }
            if (!call.isEmpty() && (call.size() == MAX_RECORDS || bytes + size > MAX_BYTES)) {
                calls.add(call);
                call = new ArrayList<>();
                bytes = 0;
            }
            call.add(i);
            bytes += size;
        }
        if (!call.isEmpty()) {
            calls.add(call);
        }
        return calls;
    }

    /** True when a piece of {@code bytes} can go into a delivery stream at all. */
    static boolean fits(int bytes) {
        return bytes <= MAX_RECORD_BYTES;
    }
}
