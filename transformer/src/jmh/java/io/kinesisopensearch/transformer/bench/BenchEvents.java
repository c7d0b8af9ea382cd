package io.kinesisopensearch.transformer.bench;

import io.kinesisopensearch.decode.Gzip;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** The events the benchmarks transform: Direct PUT events of JSON orders or CloudWatch Logs payloads. */
final class BenchEvents {

    /** The size of the warm benchmark's events, as Lambda receives them: 6 MB. */
    static final int EVENT_BYTES = 6_000_000;

    private BenchEvents() {
    }

    /** JSON orders of about 1 KB each, filling an event of {@code eventBytes}. */
    static byte[] json(int eventBytes) {
        Random random = new Random(42);
        Builder event = new Builder();
        for (int i = 0; event.length() < eventBytes - 2_000; i++) {
            StringBuilder order = new StringBuilder().append("{\"orderId\":\"order-").append(i)
                    .append("\",\"customer\":\"customer ").append(random.nextInt(10_000))
                    .append("\",\"amount\":").append(random.nextInt(100_000) / 100.0)
                    .append(",\"time\":\"2026-11-21T13:").append(10 + random.nextInt(50)).append(":00Z\",\"items\":[");
            for (int k = 0; k < 8; k++) {
                order.append(k == 0 ? "" : ",").append("{\"sku\":\"sku-").append(random.nextInt(100_000))
                        .append("\",\"qty\":").append(1 + random.nextInt(5)).append(",\"note\":\"")
                        .append("gift wrap please, leave at the door".substring(random.nextInt(20))).append("\"}");
            }
            event.add(order.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return event.bytes();
    }

    /** CloudWatch Logs payloads of {@code eventsPerRecord} log events, filling an event of {@code eventBytes}. */
    static byte[] logs(int eventBytes, int eventsPerRecord) {
        Random random = new Random(7);
        Builder event = new Builder();
        for (int record = 0; event.length() < eventBytes - 200_000; record++) {
            StringBuilder message = new StringBuilder("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\","
                    + "\"logGroup\":\"/aws/lambda/checkout\",\"logStream\":\"2026/11/21/[$LATEST]" + record % 13
                    + "\",\"subscriptionFilters\":[\"to-firehose\"],\"logEvents\":[");
            for (int k = 0; k < eventsPerRecord; k++) {
                message.append(k == 0 ? "" : ",").append("{\"id\":\"").append(String.format("%056d", record * 1000L + k))
                        .append("\",\"timestamp\":").append(1_795_000_000_000L + record * 1000L + k)
                        .append(",\"message\":\"").append(k % 3 == 0 ? "START" : "INFO").append(" RequestId: ")
                        .append(Long.toHexString(random.nextLong())).append(" handled /orders/").append(random.nextInt(100_000))
                        .append(" in ").append(random.nextInt(900)).append(" ms\"}");
            }
            event.add(gzip(message.append("]}").toString()));
        }
        return event.bytes();
    }

    private static byte[] gzip(String text) {
        return Gzip.compress(text);
    }

    /** Writes the event JSON as Firehose sends it. */
    private static final class Builder {
        private final StringBuilder json = new StringBuilder("{\"invocationId\":\"bench\",\"deliveryStreamArn\":"
                + "\"arn:aws:firehose:us-east-1:123456789012:deliverystream/bench\",\"region\":\"us-east-1\",\"records\":[");
        private int records;

        void add(byte[] data) {
            json.append(records == 0 ? "" : ",").append("{\"recordId\":\"")
                    .append(String.format("49546986683135544286507457936321625675700192471%09d", records))
                    .append("\",\"approximateArrivalTimestamp\":1795000000000,\"data\":\"")
                    .append(Base64.getEncoder().encodeToString(data)).append("\"}");
            records++;
        }

        int length() {
            return json.length();
        }

        byte[] bytes() {
            return (json + "]}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
