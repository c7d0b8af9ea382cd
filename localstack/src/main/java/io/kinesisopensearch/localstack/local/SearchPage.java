package io.kinesisopensearch.localstack.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search page on a loopback port: {@code /} is one small HTML page with a search box, and
 * {@code /search?q=...&index=...} the JSON it asks, ranked hits with their highlighted fragments.
 */
final class SearchPage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HITS = 10;

    private final HttpServer server;
    private final ExecutorService executor;

    private SearchPage(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves {@code search} on a free loopback port. */
    static SearchPage start(BookSearch search) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "search-page");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext("/search", exchange -> answer(exchange, search));
            server.createContext("/", SearchPage::page);
            server.start();
            return new SearchPage(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the search page", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void page(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/")) {
            send(exchange, 404, "text/plain", "Not found");
            return;
        }
        send(exchange, 200, "text/html; charset=utf-8", PAGE);
    }

    private static void answer(HttpExchange exchange, BookSearch search) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String text = query.getOrDefault("q", "").trim();
        ObjectNode body = JSON.createObjectNode().put("query", text);
        ArrayNode hits = body.putArray("hits");
        try {
            if (!text.isEmpty()) {
                for (BookSearch.Hit hit : search.search(text, query.get("index"), HITS)) {
                    ObjectNode node = hits.addObject().put("index", hit.index()).put("id", hit.id())
                            .put("score", hit.score()).put("title", hit.title());
                    node.set("source", hit.source());
                    ObjectNode highlights = node.putObject("highlights");
                    hit.highlights().forEach((field, fragments) -> fragments.forEach(highlights.putArray(field)::add));
                }
            }
            send(exchange, 200, "application/json", JSON.writeValueAsString(body));
        } catch (RuntimeException e) {
            LOG.warn("Search for '{}' failed", text, e);
            send(exchange, 502, "application/json", JSON.createObjectNode().put("error", e.getMessage()).toString());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Fragments come HTML-escaped from OpenSearch (encoder html), so they are set as HTML; the rest as text. */
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>kinesis-opensearch: local search</title>
            <style>
              body { font-family: sans-serif; max-width: 50em; margin: 2em auto; }
              input[type=search] { width: 70%%; font-size: 1.2em; }
              li.hit { margin: 1em 0; } .score, .where { color: #777; font-size: .9em; }
              em { background: #ffe680; font-style: normal; }
              img.thumbnail { display: block; max-width: 160px; margin: .3em 0; }
            </style></head>
            <body>
            <h1>Search the local indexes</h1>
            <form id="search-form">
              <input type="search" id="q" name="q" placeholder="davinchi, brwn, checkout, dgo ..." autofocus>
              <select id="index" name="index"><option value="">all indexes</option>%s</select>
              <button type="submit" id="go">Search</button>
            </form>
            <p id="status"></p>
            <ol id="hits"></ol>
            <script>
            document.getElementById('search-form').addEventListener('submit', function (event) {
              event.preventDefault();
              var q = document.getElementById('q').value;
              var index = document.getElementById('index').value;
              var request = new XMLHttpRequest();
              request.open('GET', '/search?q=' + encodeURIComponent(q) + '&index=' + encodeURIComponent(index));
              request.onload = function () {
                var answer = JSON.parse(request.responseText);
                var list = document.getElementById('hits');
                list.innerHTML = '';
                if (answer.error) { document.getElementById('status').textContent = 'Error: ' + answer.error; return; }
                document.getElementById('status').textContent = answer.hits.length + ' hits for "' + answer.query + '"';
                answer.hits.forEach(function (hit) {
                  var item = document.createElement('li');
                  item.className = 'hit';
                  var title = document.createElement('strong');
                  title.className = 'title';
                  title.textContent = hit.title;
                  var score = document.createElement('span');
                  score.className = 'score';
                  score.textContent = ' score ' + hit.score.toFixed(2);
                  var where = document.createElement('div');
                  where.className = 'where';
                  where.textContent = hit.index + ' / ' + hit.id;
                  item.appendChild(title); item.appendChild(score); item.appendChild(where);
                  // An image's document (the photos index) links to the object: shown as a thumbnail.
                  if (hit.source && hit.source.link && (hit.source.contentType || '').indexOf('image/') === 0) {
                    var thumbnail = document.createElement('img');
                    thumbnail.className = 'thumbnail';
                    thumbnail.src = hit.source.link;
                    thumbnail.alt = hit.title;
                    item.appendChild(thumbnail);
                  }
                  Object.keys(hit.highlights).forEach(function (field) {
                    hit.highlights[field].forEach(function (fragment) {
                      var line = document.createElement('div');
                      line.className = 'fragment';
                      line.setAttribute('data-field', field);
                      line.innerHTML = field + ': ' + fragment;
                      item.appendChild(line);
                    });
                  });
                  list.appendChild(item);
                });
              };
              request.send();
            });
            </script>
            </body></html>
            """.formatted(List.of(LocalPipeline.BOOKS, LocalPipeline.CATALOGUE, LocalPipeline.ACCESS_LOG,
                    PhotoSamples.INDEX).stream()
                    .map(index -> "<option>" + index + "</option>").reduce("", String::concat));
}
