package io.kinesisopensearch.localstack.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Figures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A user's first minutes with local mode, in process: it starts with their settings file (their own
 * stream, index and id), puts the bookshop's samples in and shows the books index equal to the
 * table; they put an order of their own with the AWS SDK against the printed Kinesis endpoint and
 * find it; they search with typos at the prompt and on the search page, in a browser engine (the
 * photos by what Rekognition sees in them, with thumbnails); they stop it.
 */
@ExtendWith(LocalStackExtension.class)
class LocalModeIT {

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
                    .contains("aws kinesis put-record --stream-name my-orders").contains("aws firehose put-record")
                    .contains("Search page  " + pipeline.searchPage());

            // The samples: the books index ends equal to the table although a change came twice and one early.
            ProgressPrinter progress = new ProgressPrinter(pipeline.sources(), stack.openSearch(), out);
            assertThat(local.putAndCheckSamples()).as("samples indexed as expected:%n%s", printed).isTrue();
            long samplesMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("books index equals the table's final state: 9 documents");
            assertThat(BookChanges.indexed(stack.openSearch(), LocalPipeline.BOOKS)).containsOnlyKeys(
                    new BookChanges().finalState().keySet()).doesNotContainKey("Dan Brown|Digital Fortress");
            assertThat(BookChanges.indexed(stack.openSearch(), LocalPipeline.BOOKS).get("Dan Brown|The Da Vinci Code")
                    .path("rating").decimalValue()).as("the MODIFY's added field").isEqualByComparingTo("4.5");

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
            figures.put("booksChanges", new BookChanges().changes().size())
                    .put("booksRecords", new BookChanges().delivered().size())
                    .put("booksDocuments", new BookChanges().finalState().size())
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

    private static int lines(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8).split("\n", -1).length;
    }

    private static String printedValue(ByteArrayOutputStream printed, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(matcher.find()).as("printed: %s", pattern).isTrue();
        return matcher.group(1);
    }
}
