package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** AWS's sample events, read the way the Java runtime reads an event, and a context with a given time left. */
final class Events {

    private Events() {
    }

    static <T> T sample(String resource, Class<T> type) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + resource)) {
            return LambdaEventSerializers.serializerFor(type, Events.class.getClassLoader()).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A local port nothing listens on: an OpenSearch that is down. */
    static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A context whose invocation ends {@code remainingMillis} after it is made. */
    static Context context(long remainingMillis) {
        long end = System.currentTimeMillis() + remainingMillis;
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return "test-request";
            }

            @Override
            public String getLogGroupName() {
                return "test";
            }

            @Override
            public String getLogStreamName() {
                return "test";
            }

            @Override
            public String getFunctionName() {
                return "test";
            }

            @Override
            public String getFunctionVersion() {
                return "$LATEST";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:123456789012:function:test";
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
                return (int) Math.max(0, end - System.currentTimeMillis());
            }

            @Override
            public int getMemoryLimitInMB() {
                return 1024;
            }

            @Override
            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
