package io.kinesisopensearch.transformer.bench;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The yardstick of the cold-start benchmark: a handler that does nothing but read the event and
 * answer, started exactly as {@link ColdStart} is (same JVM flags, same class path, same event).
 * Its time is the JVM's own start on the machine, so the transformer's cold start is quoted as a
 * ratio to it rather than as an absolute time that changes with the machine.
 */
public final class NoopColdStart {

    private NoopColdStart() {
    }

    public static void main(String[] args) throws Exception {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try (InputStream event = new FileInputStream(args[0])) {
            byte[] bytes = event.readAllBytes();
            response.write(("{\"records\":[],\"read\":" + bytes.length + "}").getBytes(StandardCharsets.UTF_8));
        }
        System.out.println("RESPONDED " + response.size());
        System.out.flush();
    }
}
