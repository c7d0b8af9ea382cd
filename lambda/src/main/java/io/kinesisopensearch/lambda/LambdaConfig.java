package io.kinesisopensearch.lambda;

import io.kinesisopensearch.config.Settings;
import java.time.Duration;

/**
 * What the handlers add to the worker's settings.
 *
 * @param timeReserve how long before the invocation's end the handler stops retrying and answers
 *                    with the first unwritten record: enough for the last bulk request to come back
 *                    and the answer to reach Lambda
 */
public record LambdaConfig(Duration timeReserve) {

    public static final String TIME_RESERVE = "lambda.time-reserve";
    public static final Duration DEFAULT_TIME_RESERVE = Duration.ofSeconds(10);

    /** Lambda ends every invocation after 15 minutes at most. */
    static final Duration LAMBDA_MAX_TIMEOUT = Duration.ofMinutes(15);

    public static LambdaConfig from(Settings settings) {
        Duration reserve = settings.getDuration(TIME_RESERVE, DEFAULT_TIME_RESERVE);
        if (reserve.isNegative() || reserve.compareTo(LAMBDA_MAX_TIMEOUT) >= 0) {
            throw Settings.invalid(TIME_RESERVE, reserve.toString(), "must be at least 0s and less than 15m,"
                    + " Lambda's longest timeout");
        }
        return new LambdaConfig(reserve);
    }
}
