package pricefeed.server.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerBudgetTest {

    private static final long KIB = 1024;

    @Test
    void largeAnswersStopAnEighthShortOfTheLimitAndSmallOnesMayUseTheRest() {
        AnswerBudget budget = new AnswerBudget(800 * KIB);
        assertEquals(700 * KIB, budget.largeLimit());

        assertTrue(budget.tryTake(600 * KIB));
        assertFalse(budget.tryTake(101 * KIB), "a large answer past 700 KiB");
        assertEquals(600 * KIB, budget.held(), "a refusal holds nothing");
        assertTrue(budget.tryTake(AnswerBudget.SMALL_ANSWER_BYTES), "a small one into the reserve");
        assertTrue(budget.tryTake(AnswerBudget.SMALL_ANSWER_BYTES));
        assertTrue(budget.tryTake(AnswerBudget.SMALL_ANSWER_BYTES));
        assertFalse(budget.tryTake(AnswerBudget.SMALL_ANSWER_BYTES), "not past the limit");
        assertTrue(budget.tryTake(800 * KIB - budget.held()), "up to the limit exactly");

        budget.release(budget.held() - 100 * KIB);
        assertTrue(budget.tryTake(600 * KIB), "room again once answers are written");
        assertEquals(700 * KIB, budget.held());
    }

    @Test
    void answersThatMustGoAreHeldWhateverTheCount() {
        AnswerBudget budget = new AnswerBudget(0);
        assertFalse(budget.tryTake(1));
        budget.take(500);
        assertEquals(500, budget.held());
        budget.release(500);
        assertEquals(0, budget.held());
    }

    @Test
    void aNegativeLimitIsOurBug() {
        assertThrows(IllegalArgumentException.class, () -> new AnswerBudget(-1));
    }
}
