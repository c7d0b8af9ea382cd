package io.kinesisopensearch.sink.client;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.decode.PayloadFormat;
import io.kinesisopensearch.mapping.IdStrategy;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.client.AwsSigning.CollectionType;
import java.util.Optional;

/**
 * Refuses, at start-up, a mapping that an OpenSearch Serverless collection cannot honour, so that the
 * worker does not send every record to the dead letters instead.
 *
 * <p>What each collection type accepts ("Supported operations and plugins in Amazon OpenSearch
 * Serverless", serverless-genref, and "Choosing a collection type", serverless-overview, in the
 * OpenSearch Service developer guide):
 * <ul>
 * <li>search: index with a chosen id, update (upsert), delete by id, bulk: all of what the worker sends.</li>
 * <li>time series and vector search: documents get ids the collection generates; an index action
 * that names an id is refused ({@code PUT <index>/_doc/<id>}, {@code _create/<id>} and
 * {@code _update/<id>} are "for search collection types only"). This worker names every document
 * (the coordinates when the mapping chooses no id, so that a replay rewrites rather than
 * duplicates), so it cannot write to them at all.</li>
 * </ul>
 */
public final class ServerlessCollectionCheck {

    private ServerlessCollectionCheck() {
    }

    /** Throws a one-line {@link ConfigException} when the mapping needs what the collection type refuses. */
    public static void check(OpenSearchConfig openSearch, MappingConfig mapping) {
        Optional<CollectionType> type = openSearch.serverlessCollectionType();
        if (type.isEmpty() || type.get() == CollectionType.SEARCH) {
            return;
        }
        String value = type.get().name().toLowerCase(java.util.Locale.ROOT);
        String cannot = "an OpenSearch Serverless " + value + " collection generates its own document ids and refuses"
                + " actions that name one (only search collections accept them), but ";
        throw Settings.invalid(AwsSigning.COLLECTION_TYPE, value, cannot + neededBy(mapping)
                + "; write to a search collection instead");
    }

    /** The first thing the mapping does that needs a document id, in the user's terms. */
    private static String neededBy(MappingConfig mapping) {
        PayloadFormat format = mapping.decoding().format();
        if (format == PayloadFormat.DYNAMODB || format == PayloadFormat.AUTO) {
            return Settings.describe("mapping.format") + " = " + format + (format == PayloadFormat.AUTO ? " may" : "")
                    + " write DynamoDB changes by their keys, with deletes and external versions";
        }
        if (mapping.action() == ActionType.DELETE || mapping.action() == ActionType.UPSERT) {
            return Settings.describe(MappingConfig.ACTION) + " = " + mapping.action() + " acts on documents by id";
        }
        if (mapping.versionPointer().isPresent()) {
            return Settings.describe(MappingConfig.VERSION_POINTER) + " sets external versions, which need ids";
        }
        if (!mapping.ids().pointers().isEmpty() || mapping.ids().strategy() == IdStrategy.FORMAT) {
            return "the mapping chooses document ids (" + Settings.describe(MappingConfig.ID_POINTER) + " or mapping.id)";
        }
        return "this worker names every document, by default with its record's coordinates so that a replay"
                + " rewrites instead of duplicating";
    }
}
