package io.kinesisopensearch.localstack;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Await;

/**
 * An SQS emulator: ElasticMQ's REST server ({@code org.elasticmq:elasticmq-rest-sqs_2.13}, Apache-2.0)
 * in this JVM, in memory, on a loopback port. It speaks SQS's query and JSON protocols, so the AWS
 * SDK's {@code SqsClient} reaches it with {@code AWS_ENDPOINT_URL_SQS}. Queue URLs name this endpoint
 * ({@code http://127.0.0.1:PORT/000000000000/QUEUE}), and queue ARNs the stack's region.
 *
 * <p>It runs on an actor system of its own (Apache Pekko) whose threads are daemons, so that a JVM
 * that forgets to close it still ends. Pekko and ElasticMQ log through SLF4J (ElasticMQ's own
 * {@code application.conf} installs Pekko's SLF4J logger), so their lines go where the JVM's logback
 * configuration sends library logs: the file, not the console.
 */
final class ElasticMq implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticMq.class);
    /** The account ElasticMQ puts into queue URLs and ARNs, as LocalStack's emulators do. */
    static final String ACCOUNT_ID = "000000000000";

    private final ActorSystem actorSystem;
    private final SQSRestServer server;
    private final URI endpoint;

    private ElasticMq(ActorSystem actorSystem, SQSRestServer server, URI endpoint) {
        this.actorSystem = actorSystem;
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts a server for {@code region} and waits until it listens. */
    static ElasticMq start(String region) {
        int port = FreePorts.next();
        ActorSystem system = ActorSystem.create("elasticmq-" + port, ConfigFactory.parseMap(Map.of(
                        "pekko.daemonic", "on",
                        // The JVM's own shutdown hook (LocalStack's) stops it; Pekko's would race that one.
                        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off"))
                .withFallback(ConfigFactory.load()));
        try {
            SQSRestServer server = SQSRestServerBuilder.withActorSystem(system)
                    .withInterface("127.0.0.1")
                    .withPort(port)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                    .withAWSRegion(region)
                    .withAWSAccountId(ACCOUNT_ID)
                    .start();
            server.waitUntilStarted();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            LOG.info("ElasticMQ (SQS) at {}", endpoint);
            return new ElasticMq(system, server, endpoint);
        } catch (RuntimeException e) {
            system.terminate();
            throw new IllegalStateException("ElasticMQ did not start on port " + port, e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stopAndWait();
        } finally {
            try {
                Await.result(actorSystem.terminate(),
                        scala.concurrent.duration.Duration.create(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                LOG.warn("ElasticMQ's actor system did not stop within 10 s", e);
            }
        }
    }

    @Override
    public String toString() {
        return "ElasticMQ[" + endpoint + "]";
    }
}
