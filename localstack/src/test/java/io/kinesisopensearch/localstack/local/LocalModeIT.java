package io.kinesisopensearch.localstack.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A user's first minutes with local mode, in process: it starts with their settings file (their own
 * stream, index and id), writes the bookshop's books table and shows the books index equal to the
 * table, read from the table's own stream; they put an order of their own with the AWS SDK against
 * the printed Kinesis endpoint and find it; they search with typos at the prompt and on the search
 * page, in a browser engine (the photos by what Rekognition sees in them, with thumbnails); they stop
 * it. On OpenSearch 3.x (whose distribution has analysis-common) word beginnings find their words too.
 */
@ExtendWith(LocalStackExtension.class)
class LocalModeIT {

    /** Searches with typos and the book each must find first in the book indexes: on every version. */
    private static final Map<String, String> TYPOS = orderedMap("davinchi", "The Da Vinci Code", "hobit", "The Hobbit",
            "tolkein", "The Hobbit", "frankenstien", "Frankenstein", "angles and demons", "Angels & Demons",
            "agatha christy", "Murder on the Orient Express", "nameoftherose", "The Name of the Rose",
            "mockingbrd", "To Kill a Mockingbird", "heminway", "The Old Man and the Sea");
    /** Word beginnings, and a misspelt one: found where the node has analysis-common (3.x). */
    private static final Map<String, String> BEGINNINGS = orderedMap("frank", "Frankenstein", "mocking",
            "To Kill a Mockingbird", "decept", "Deception Point", "frankinst", "Frankenstein");

    @Test
    void samplesOwnRecordsSearchAndThePage(LocalStack stack, @TempDir Path dir) throws Exception {
        Figures figures = new Figures("LocalModeIT");
        Path config = dir.resolve("my-settings.properties");
        Files.writeString(config, "kinesis.stream=my-orders\nopensearch.index=my-orders\nmapping.id-pointer=/orderId\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        long started = System.nanoTime();
        LocalPipeline pipeline = LocalPipeline.start(stack, Map.of("KINESIS_OPENSEARCH_CONFIG", config.toString()));
        try {
            LocalMode local = new LocalMode(pipeline, out);
            local.printEndpoints();
            assertThat(pipeline.userStream()).as("the stream the settings file names").isEqualTo("my-orders");
            String endpoints = printed.toString(StandardCharsets.UTF_8);
            assertThat(endpoints).contains("export AWS_ENDPOINT_URL_FIREHOSE=" + pipeline.firehoseEndpoint())
                    .contains("export AWS_ENDPOINT_URL_DYNAMODB_STREAMS=" + stack.dynamoDbStreamsEndpoint().orElseThrow())
                    .contains("table books (its stream, NEW_AND_OLD_IMAGES, read into index books)")
                    .contains("aws kinesis put-record --stream-name my-orders").contains("aws firehose put-record")
                    .contains("aws dynamodb put-item --table-name books")
                    .contains(stack.openSearchEndpoint() + "   " + stack.openSearchVersion() + ", indexes: books")
                    .contains("Search page  " + pipeline.searchPage());

            // The samples: the books are written to the table, whose stream the worker reads; no Kinesis stream between.
            ProgressPrinter progress = new ProgressPrinter(pipeline.sources(), stack.openSearch(), out);
            assertThat(local.putAndCheckSamples()).as("samples indexed as expected:%n%s", printed).isTrue();
            long samplesMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("14 changes of table books (10 puts; 3 updates:")
                    .contains("books index equals the table's final state: 9 documents");
            assertThat(stack.kinesis().listStreams().streamNames()).doesNotContain(LocalPipeline.BOOKS);
            Map<String, JsonNode> table = BookTable.scan(stack.dynamoDb());
            Map<String, JsonNode> books = BookTable.indexed(stack.openSearch(), LocalPipeline.BOOKS);
            assertThat(BookTable.differences(table, books)).as("index against a scan of the table").isEmpty();
            assertThat(books).hasSize(9).doesNotContainKey("Dan Brown|Digital Fortress");
            assertThat(books.get("Dan Brown|The Da Vinci Code").path("rating").decimalValue())
                    .as("the update's added field").isEqualByComparingTo("4.5");
            assertThat(books.get("Umberto Eco|The Name of the Rose").path("translator").asText())
                    .as("the later of two changes within a second").isEqualTo("William Weaver");
            List<Record> records = streamRecords(stack);
            assertThat(records).extracting(Record::eventNameAsString).hasSize(14)
                    .containsOnly("INSERT", "MODIFY", "REMOVE").filteredOn("MODIFY"::equals).hasSize(3);
            List<Record> rose = records.stream().filter(record -> record.dynamodb().keys().get("bookTitle").s()
                    .equals("The Name of the Rose") && record.eventNameAsString().equals("MODIFY")).toList();
            assertThat(Duration.between(rose.get(0).dynamodb().approximateCreationDateTime(),
                    rose.get(1).dynamodb().approximateCreationDateTime())).as("the two changes' times").isLessThanOrEqualTo(
                    Duration.ofSeconds(1));
            // Each document is its item's newest stream record: the version is that record's second and sequence number.
            Map<String, Long> newest = new TreeMap<>();
            records.forEach(record -> newest.put(record.dynamodb().keys().get("author").s() + "|"
                    + record.dynamodb().keys().get("bookTitle").s(), version(record)));
            for (Documents.Stored document : Documents.all(stack.openSearch(), LocalPipeline.BOOKS)) {
                assertThat(document.version()).as("version of %s", document.id()).isEqualTo(newest.get(document.id()));
            }
            LocalPipeline.Counts booksRead = pipeline.sources().stream().filter(source -> source.name()
                    .equals(LocalPipeline.BOOKS)).findFirst().orElseThrow().counts().get();
            assertThat(booksRead.read()).as("stream records the books worker read").isEqualTo(records.size());
            assertThat(booksRead.deadLetters()).isZero();

            // Progress: a line per source, then silence while nothing changes.
            int before = lines(printed);
            progress.printChanges();
            assertThat(lines(printed) - before).isEqualTo(pipeline.sources().size());
            progress.printChanges();
            assertThat(lines(printed) - before).as("quiet when nothing changes").isEqualTo(pipeline.sources().size());

            // An order of the user's own, put with the SDK against the printed endpoint, indexed under its id.
            URI kinesisEndpoint = URI.create(printedValue(printed, "export AWS_ENDPOINT_URL_KINESIS=(\\S+)"));
            long put = System.nanoTime();
            try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(kinesisEndpoint)
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build()) {
                kinesis.putRecord(request -> request.streamName("my-orders").partitionKey("o-1").data(SdkBytes.fromUtf8String(
                        "{\"orderId\":\"o-1\",\"customer\":\"Ada Lovelace\",\"item\":\"Frankenstein, annotated\"}")));
            }
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                    pipeline.search().search("lovelace", "my-orders", 5).stream().anyMatch(hit -> hit.id().equals("o-1")));
            long ownRecordMillis = (System.nanoTime() - put) / 1_000_000;

            // Search with typos, best first, with highlights.
            List<BookSearch.Hit> davinci = pipeline.search().search("davinchi", null, 5);
            assertThat(davinci.get(0).title()).isEqualTo("The Da Vinci Code");
            assertThat(davinci.get(0).highlights().get("bookTitle")).containsExactly("The <em>Da Vinci</em> Code");
            List<BookSearch.Hit> brown = pipeline.search().search("brwn", LocalPipeline.BOOKS, 10);
            assertThat(brown).extracting(hit -> hit.source().path("author").asText()).hasSize(5).containsOnly("Dan Brown");
            local.printSearch("davinchi", "");
            String dogKey = pipeline.photos().photos().entrySet().stream()
                    .filter(photo -> photo.getValue().file().equals("dog.jpg")).findFirst().orElseThrow().getKey();
            List<BookSearch.Hit> dgo = pipeline.search().search("dgo", PhotoSamples.INDEX, 5);
            assertThat(dgo).extracting(hit -> hit.source().path("key").asText()).containsExactly(dogKey);
            assertThat(dgo.get(0).highlights().get("labels.name")).contains("<em>Dog</em>");
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("1. The Da Vinci Code")
                    .contains("bookTitle: The [Da Vinci] Code");
            assertThat(misses(pipeline, TYPOS)).as("typos whose book does not come first").isEmpty();
            Map<String, String> beginningsMissed = misses(pipeline, BEGINNINGS);
            if (stack.openSearchVersion().startsWith("3.")) {
                assertThat(pipeline.analysis()).as("3.x has analysis-common").isEqualTo(SearchIndexes.Analysis.COMMON);
            }
            if (pipeline.analysis() == SearchIndexes.Analysis.COMMON) {
                assertThat(beginningsMissed).as("word beginnings whose book does not come first").isEmpty();
            }
            figures.put("openSearch", stack.openSearchVersion()).put("analysis", pipeline.analysis())
                    .put("typosFirstRight", TYPOS.size() + "/" + TYPOS.size())
                    .put("beginningsFirstRight", (BEGINNINGS.size() - beginningsMissed.size()) + "/" + BEGINNINGS.size());

            // The search page, in a browser engine: type, submit, read the hits.
            try (WebClient browser = new WebClient(BrowserVersion.FIREFOX)) {
                HtmlPage page = browser.getPage(pipeline.searchPage().toURL());
                HtmlInput box = page.getHtmlElementById("q");
                box.type("davinchi");
                page.getHtmlElementById("go").click();
                browser.waitForBackgroundJavaScript(10_000);
                List<DomElement> hits = page.getByXPath("//li[@class='hit']");
                assertThat(hits).isNotEmpty();
                DomElement first = hits.get(0);
                assertThat(((DomElement) first.getFirstByXPath(".//*[@class='title']")).getTextContent())
                        .isEqualTo("The Da Vinci Code");
                List<DomElement> marked = first.getByXPath(".//div[@class='fragment']/em");
                assertThat(marked).extracting(DomElement::getTextContent).contains("Da Vinci");

                box.setValue("");
                box.type("brwn");
                page.getHtmlElementById("go").click();
                browser.waitForBackgroundJavaScript(10_000);
                List<DomElement> authors = page.getByXPath("//li[@class='hit']//div[@data-field='author']/em");
                assertThat(authors).isNotEmpty().extracting(DomElement::getTextContent).containsOnly("Brown");
                figures.put("pageHitsForBrwn", page.getByXPath("//li[@class='hit']").size());

                // The photos, by what they show: "dgo" finds the dog, its thumbnail served from S3.
                HtmlSelect index = page.getHtmlElementById("index");
                index.setSelectedAttribute(PhotoSamples.INDEX, true);
                box.setValue("");
                box.type("dgo");
                page.getHtmlElementById("go").click();
                browser.waitForBackgroundJavaScript(10_000);
                List<DomElement> photos = page.getByXPath("//li[@class='hit']");
                assertThat(photos).isNotEmpty();
                DomElement dog = photos.get(0);
                assertThat(((DomElement) dog.getFirstByXPath(".//*[@class='title']")).getTextContent()).isEqualTo(dogKey);
                assertThat(dog.<DomElement>getByXPath(".//div[@data-field='labels.name']/em"))
                        .extracting(DomElement::getTextContent).contains("Dog");
                String thumbnail = ((DomElement) dog.getFirstByXPath(".//img[@class='thumbnail']")).getAttribute("src");
                HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(thumbnail))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(image.body()).isEqualTo(pipeline.photos().photos().get(dogKey).bytes());
            }
            figures.put("booksChanges", BookTable.writes().size()).put("booksStreamRecords", records.size())
                    .put("booksDocuments", books.size())
                    .put("csvBooks", stack.searchableDocuments(LocalPipeline.CATALOGUE))
                    .put("logEvents", stack.searchableDocuments(LocalPipeline.ACCESS_LOG))
                    .put("photos", stack.searchableDocuments(PhotoSamples.INDEX))
                    .put("samplesIndexedMillis", samplesMillis).put("ownRecordSearchableMillis", ownRecordMillis);
        } finally {
            pipeline.close();
        }
        URI page = pipeline.searchPage();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).build(),
                HttpResponse.BodyHandlers.discarding())).as("the page is gone").isInstanceOf(IOException.class);
        figures.print();
    }

    /**
     * The searches of {@code searches} that do not find their book first in the books and the
     * catalogue (the access log names books too), with what came first.
     */
    private static Map<String, String> misses(LocalPipeline pipeline, Map<String, String> searches) {
        Map<String, String> misses = new LinkedHashMap<>();
        for (Map.Entry<String, String> search : searches.entrySet()) {
            List<BookSearch.Hit> hits = pipeline.search().search(search.getKey(),
                    LocalPipeline.BOOKS + "," + LocalPipeline.CATALOGUE, 3);
            if (hits.isEmpty() || !hits.get(0).title().equals(search.getValue())) {
                misses.put(search.getKey(), hits.isEmpty() ? "nothing" : hits.get(0).index() + "/" + hits.get(0).title());
            }
        }
        return misses;
    }

    /** Every record of the books table's stream, oldest first, read with the SDK's DynamoDB Streams client. */
    private static List<Record> streamRecords(LocalStack stack) {
        try (DynamoDbStreamsClient streams = stack.dynamoDbStreamsClient()) {
            String arn = stack.dynamoDb().describeTable(request -> request.tableName(BookTable.NAME)).table()
                    .latestStreamArn();
            List<Record> records = new ArrayList<>();
            for (Shard shard : streams.describeStream(request -> request.streamArn(arn)).streamDescription().shards()) {
                String position = streams.getShardIterator(request -> request.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (position != null) {
                    String at = position;
                    GetRecordsResponse page = streams.getRecords(request -> request.shardIterator(at));
                    records.addAll(page.records());
                    // An open shard always gives a next iterator: stop at its end.
                    position = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            }
            return records;
        }
    }

    /** The document version the mapping gives a DynamoDB Streams record: its second, then its sequence number. */
    private static long version(Record record) {
        long sequence = new BigInteger(record.dynamodb().sequenceNumber()).mod(BigInteger.valueOf(1_000_000_000L))
                .longValueExact();
        return record.dynamodb().approximateCreationDateTime().getEpochSecond() * 1_000_000_000L + sequence;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static int lines(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8).split("\n", -1).length;
    }

    private static String printedValue(ByteArrayOutputStream printed, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(matcher.find()).as("printed: %s", pattern).isTrue();
        return matcher.group(1);
    }
}
