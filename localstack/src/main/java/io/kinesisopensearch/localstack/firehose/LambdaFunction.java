package io.kinesisopensearch.localstack.firehose;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lambda function as Firehose sees it: JSON bytes in, JSON bytes out, or an error. Build one
 * from a {@link RequestStreamHandler} with {@link #of}, which calls it as the Lambda runtime does:
 * the event as a stream and a {@link Context} that counts down the function's timeout.
 */
@FunctionalInterface
public interface LambdaFunction {

    /** Invokes the function; an exception is a function error, as Lambda reports it to Firehose. */
    byte[] invoke(byte[] event) throws Exception;

    /** {@code handler} behind the function {@code name}, with {@code timeout} as its configured timeout. */
    static LambdaFunction of(String name, RequestStreamHandler handler, Duration timeout) {
        return event -> {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), response, new InvocationContext(name, timeout));
            return response.toByteArray();
        };
    }

    /** The context of one invocation: its own request id and the time left of the timeout. */
    final class InvocationContext implements Context {
        private static final Logger LOG = LoggerFactory.getLogger("lambda");

        private final String name;
        private final String requestId = UUID.randomUUID().toString();
        private final long deadline;
        private final int timeoutMillis;

        InvocationContext(String name, Duration timeout) {
            this.name = name;
            this.timeoutMillis = (int) timeout.toMillis();
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + name;
        }

        @Override
        public String getLogStreamName() {
            return "local";
        }

        @Override
        public String getFunctionName() {
            return name;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    LOG.info(message);
                }

                @Override
                public void log(byte[] message) {
                    LOG.info(new String(message, StandardCharsets.UTF_8));
                }
            };
        }

        int timeoutMillis() {
            return timeoutMillis;
        }
    }
}
