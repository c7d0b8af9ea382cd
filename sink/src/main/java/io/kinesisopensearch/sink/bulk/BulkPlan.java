package io.kinesisopensearch.sink.bulk;

import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.mapping.DocumentAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which actions of a batch are sent, and in which requests. Pure logic, so that the rules are
 * tested on their own:
 *
 * <ul>
 *   <li>An action is left out when a later index or delete of the same document replaces it, so
 *       only the newest is sent. It is kept when that later action carries an older external
 *       version: OpenSearch then keeps the newer one and refuses the older as stale.</li>
 *   <li>Requests are filled in batch order and stay under the request size limit, so the actions
 *       for one document keep their order.</li>
 *   <li>An action too big for any request is refused here, not sent.</li>
 * </ul>
 *
 * @param requests    positions (in the batch) of the actions to send, request by request
 * @param replacedBy  for each position, the position whose outcome it shares, or itself
 * @param tooLarge    positions of actions larger than a whole request
 */
record BulkPlan(List<List<Integer>> requests, int[] replacedBy, List<Integer> tooLarge) {

    /** What a bulk line costs besides the source: the action line and the newlines. */
    static final int ACTION_LINE_BYTES = 96;

    static BulkPlan of(List<DocumentAction> actions, long maxRequestBytes) {
        int[] replacedBy = replacements(actions);
        List<List<Integer>> requests = new ArrayList<>();
        List<Integer> tooLarge = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long currentBytes = 0;
        for (int position = 0; position < actions.size(); position++) {
            if (replacedBy[position] != position) {
                continue;
            }
            long size = size(actions.get(position));
            if (size > maxRequestBytes) {
                tooLarge.add(position);
                continue;
            }
            if (currentBytes + size > maxRequestBytes && !current.isEmpty()) {
                requests.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(position);
            currentBytes += size;
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return new BulkPlan(requests, replacedBy, tooLarge);
    }

    /** The bytes an action takes in a bulk request, near enough to keep requests under the limit. */
    static long size(DocumentAction action) {
        long routing = action.routing() == null ? 0 : action.routing().length();
        return ACTION_LINE_BYTES + action.index().length() + action.id().getBytes(StandardCharsets.UTF_8).length
                + routing + action.sourceLength();
    }

    private static int[] replacements(List<DocumentAction> actions) {
        int[] replacedBy = new int[actions.size()];
        // Walking backwards, the nearest later index or delete of each document is at hand.
        Map<Key, Integer> nextReplacement = new HashMap<>();
        for (int position = actions.size() - 1; position >= 0; position--) {
            DocumentAction action = actions.get(position);
            Key key = new Key(action.index(), action.id(), action.routing());
            Integer later = nextReplacement.get(key);
            replacedBy[position] = later != null && replaces(actions.get(later), action)
                    ? replacedBy[later]
                    : position;
            if (action.type() != ActionType.UPSERT) {
                nextReplacement.put(key, position);
            }
        }
        return replacedBy;
    }

    private static boolean replaces(DocumentAction later, DocumentAction earlier) {
        return earlier.version() == null || later.version() != null && later.version() >= earlier.version();
    }

    private record Key(String index, String id, String routing) {
        Key {
            Objects.requireNonNull(index);
            Objects.requireNonNull(id);
        }
    }
}
