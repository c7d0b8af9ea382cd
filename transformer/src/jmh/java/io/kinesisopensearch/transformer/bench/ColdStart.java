package io.kinesisopensearch.transformer.bench;

import io.kinesisopensearch.transformer.FirehoseTransformHandler;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;

/**
 * The child of the cold-start benchmark, run in a fresh JVM on the Lambda jar: creates the handler
 * as Lambda does (no-argument constructor, settings from the environment), transforms the event
 * in the file named by the argument and prints one line as soon as the response is written.
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        FirehoseTransformHandler handler = new FirehoseTransformHandler();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try (InputStream event = new FileInputStream(args[0])) {
            handler.handleRequest(event, response, null);
        }
        System.out.println("RESPONDED " + response.size());
        System.out.flush();
    }
}
