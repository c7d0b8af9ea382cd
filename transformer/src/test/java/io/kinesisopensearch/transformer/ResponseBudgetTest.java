package io.kinesisopensearch.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget's sizes bound the response ResponseWriter writes, whatever the answers turn out to be. */
class ResponseBudgetTest {

    @Test
    void aFullBudgetHoldsTheWrittenResponseWithEveryRecordFailedOrOk() throws Exception {
        List<String> ids = List.of("1", "quote\"and\\slash", "ü-non-ascii", "4954698668313554428650745793632162567570019247115678");
        byte[] document = "{\"a\":\"bcdefg\"}".getBytes();
        for (int limit = 300; limit < 700; limit += 7) {
            ResponseBudget budget = new ResponseBudget(limit, ids);
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                boolean ok = budget.take(document);
                answers.add(ok ? new Answer(ids.get(i), Result.OK, document)
                        : new Answer(ids.get(i), i % 2 == 0 ? Result.PROCESSING_FAILED : Result.DROPPED, null));
            }
            assertThat(ResponseWriter.write(answers, 64).length).as("limit %d", limit).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void base64LengthIsExact() {
        assertThat(ResponseBudget.base64Length(0)).isZero();
        assertThat(ResponseBudget.base64Length(1)).isEqualTo(4);
        assertThat(ResponseBudget.base64Length(3)).isEqualTo(4);
        assertThat(ResponseBudget.base64Length(4)).isEqualTo(8);
    }
}
