package io.kinesisopensearch.transformer;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.MappingHooks;

/**
 * Everything the transformer is configured with: the mapping the consumer uses too, and the
 * settings only Firehose needs, under {@code firehose.}. All of it is read through {@link Settings},
 * so a bad value stops the function at init with a message naming the key.
 *
 * <table>
 * <caption>Transformer-only settings</caption>
 * <tr><td>{@code firehose.chosen-ids}</td><td>DELIVER (default) or DROP: see {@link ChosenIdPolicy}</td></tr>
 * <tr><td>{@code firehose.response-limit}</td><td>bytes of response, at most and by default 6000000</td></tr>
 * <tr><td>{@code firehose.reingest.*}, {@code aws.*}</td><td>see {@link ReingestConfig}</td></tr>
 * <tr><td>{@code mapping.hook}</td><td>user code the mapping runs, see {@link MappingHooks}</td></tr>
 * </table>
 *
 * @param mapping       how records become documents ({@code mapping.*}, {@code opensearch.index})
 * @param chosenIds     what happens to documents whose chosen id Firehose cannot keep
 * @param responseLimit the most bytes the response may have; Lambda refuses larger responses
 * @param reingest      how pieces go back into the delivery stream
 */
public record TransformerConfig(MappingConfig mapping, ChosenIdPolicy chosenIds, int responseLimit,
        ReingestConfig reingest) {

    public static final String CHOSEN_IDS = "firehose.chosen-ids";
    public static final String RESPONSE_LIMIT = "firehose.response-limit";

    /** Lambda's limit for a synchronous response, with the margin the AWS blueprints keep. */
    public static final int LAMBDA_RESPONSE_LIMIT = 6_000_000;

    /** This configuration with its mapping running {@code hooks}. */
    public TransformerConfig withHooks(MappingHooks hooks) {
        return new TransformerConfig(mapping.withHooks(hooks), chosenIds, responseLimit, reingest);
    }

    public static TransformerConfig from(Settings settings) {
        return new TransformerConfig(
                MappingConfig.from(settings),
                settings.getEnum(CHOSEN_IDS, ChosenIdPolicy.class, ChosenIdPolicy.DELIVER),
                settings.getInt(RESPONSE_LIMIT, LAMBDA_RESPONSE_LIMIT, 4_096, LAMBDA_RESPONSE_LIMIT),
                ReingestConfig.from(settings));
    }
}
