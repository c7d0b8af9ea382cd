package io.kinesisopensearch.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * SQS on the local stack: ElasticMQ started in this JVM on first use, reached by the SDK's
 * {@code SqsClient}, part of the worker settings once started and stopped with the stack; or the
 * endpoint the environment names, with nothing started. The other services come from the
 * environment here (addresses nobody is asked), so that the stack starts nothing else.
 */
class LocalStackSqsTest {

    private static final Map<String, String> ELSEWHERE = Map.of(
            "AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:1",
            "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1",
            "OPENSEARCH_URL", "http://127.0.0.1:1",
            "AWS_REGION", "eu-west-1");

    @Test
    void elasticMqStartsOnFirstUseAndCarriesMessagesForTheSdk() {
        URI endpoint;
        try (LocalStack stack = LocalStack.start(ELSEWHERE)) {
            assertThat(stack.workerSettings()).doesNotContainKey("AWS_ENDPOINT_URL_SQS");
            endpoint = stack.sqsEndpoint();
            assertThat(stack.sqsEndpoint()).isEqualTo(endpoint);
            assertThat(stack.workerSettings()).containsEntry("AWS_ENDPOINT_URL_SQS", endpoint.toString());
            try (SqsClient sqs = stack.sqs()) {
                String queueUrl = sqs.createQueue(create -> create.queueName("image-events")).queueUrl();
                assertThat(queueUrl).isEqualTo(endpoint + "/" + ElasticMq.ACCOUNT_ID + "/image-events");
                String arn = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
                assertThat(arn).isEqualTo("arn:aws:sqs:eu-west-1:" + ElasticMq.ACCOUNT_ID + ":image-events");

                sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("{\"Records\":[]}"));
                List<Message> received = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(5)).messages();
                assertThat(received).singleElement().satisfies(message ->
                        assertThat(message.body()).isEqualTo("{\"Records\":[]}"));
                sqs.deleteMessage(delete -> delete.queueUrl(queueUrl).receiptHandle(received.get(0).receiptHandle()));
                assertThat(sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
                        .isEmpty();

                assertThatThrownBy(() -> sqs.getQueueUrl(get -> get.queueName("no-such-queue")))
                        .isInstanceOf(QueueDoesNotExistException.class);
            }
        }
        assertThat(listens(endpoint)).as("ElasticMQ stopped with the stack").isFalse();
    }

    @Test
    void anEndpointFromTheEnvironmentIsUsedAndNothingStarted() {
        Map<String, String> environment = new HashMap<>(ELSEWHERE);
        environment.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:2");
        try (LocalStack stack = LocalStack.start(environment)) {
            assertThat(stack.sqsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:2"));
            assertThat(stack.workerSettings()).containsEntry("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:2");
        }
    }

    private static boolean listens(URI endpoint) {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
