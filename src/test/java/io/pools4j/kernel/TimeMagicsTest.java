package io.pools4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Option parsing of %timeit, IPython's time format and the timeit report. */
class TimeMagicsTest {

    @Test
    void timeitOptionsComeBeforeTheCode() throws MagicException {
        assertEquals(new TimeMagics.TimeitOptions(100, 3, "fib(20)"),
                TimeMagics.TimeitOptions.parse("-n 100 -r 3 fib(20)"));
        assertEquals(new TimeMagics.TimeitOptions(0, TimeMagics.DEFAULT_REPEATS, "a - b"),
                TimeMagics.TimeitOptions.parse("a - b"));
        assertEquals(new TimeMagics.TimeitOptions(0, 2, "x -n"),
                TimeMagics.TimeitOptions.parse("-r 2 x -n"));
    }

    @Test
    void timeitOptionsMustBePositiveNumbers() {
        MagicException e = assertThrows(MagicException.class, () -> TimeMagics.TimeitOptions.parse("-n 0 f()"));
        assertEquals("%timeit -n needs a positive whole number, got '0'", e.getMessage());
        assertThrows(MagicException.class, () -> TimeMagics.TimeitOptions.parse("-r"));
    }

    @Test
    void durationsHaveThreeSignificantDigitsInTheFittingUnitLikeIPython() {
        assertEquals("1.23 s", TimeFormat.seconds(1.2345));
        assertEquals("12 ms", TimeFormat.seconds(0.012));
        assertEquals("1.2 ms", TimeFormat.seconds(0.0012));
        assertEquals("345 µs", TimeFormat.seconds(0.000345));
        assertEquals("100 ns", TimeFormat.seconds(1e-7));
        assertEquals("0 ns", TimeFormat.seconds(0));
        assertEquals("1min 5s", TimeFormat.seconds(65.4));
        assertEquals("1h 1s", TimeFormat.seconds(3601));
    }

    @Test
    void timeitReportGivesMeanAndPopulationStandardDeviationPerLoop() {
        Timeit.Result result = new Timeit.Result(List.of(0.010, 0.030), 10);
        assertEquals(0.002, result.average(), 1e-12);
        assertEquals(0.001, result.stdev(), 1e-12);
        assertEquals("2 ms ± 1 ms per loop (mean ± std. dev. of 2 runs, 10 loops each)", result.toString());
        assertEquals("1 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)",
                new Timeit.Result(List.of(1.0), 1).toString());
    }

    @Test
    void timeitRunsTheBlockLoopsTimesRepeatsTimes() throws Throwable {
        int[] calls = {0};
        Timeit.Result result = Timeit.measure(() -> calls[0]++, 4, 3);
        assertEquals(12, calls[0]);
        assertEquals(4, result.loops());
        assertEquals(3, result.runs().size());
    }

    @Test
    void timeitAutorangeStopsAtTheFirstLoopCountTakingAFifthOfASecond() throws Throwable {
        Timeit.Result result = Timeit.measure(() -> Thread.sleep(50), 0, 1);
        // 1, 2 and 5 loops of 50 ms stay under 0.2 s at 50, 100, 250 ms: 5 loops is the first at or above.
        assertEquals(5, result.loops());
        assertTrue(result.average() >= 0.05, "average " + result.average());
    }
}
