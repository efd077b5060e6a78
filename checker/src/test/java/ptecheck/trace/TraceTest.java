package ptecheck.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.explore.BfsSearch;
import ptecheck.ts.Counterexample;
import ptecheck.explore.SearchOptions;
import ptecheck.testutil.TinySystem;
import ptecheck.testutil.TinySystems;

class TraceTest {

    @Test
    void eachStepListsOnlyTheVariablesItChanged() {
        TinySystem ts = withBadState();
        Counterexample cx = new BfsSearch(ts, SearchOptions.defaults()).run().counterexample();
        Trace trace = Trace.of(ts, cx, ts.provenance());
        assertEquals(2, trace.steps().size());
        Step first = trace.steps().get(0);
        assertEquals(1, first.index());
        assertEquals("inc a", first.info().actor());
        assertEquals(List.of(new Change("a", "0", "1")), first.changes());
        assertEquals(List.of(new Change("b", "0", "1")), trace.steps().get(1).changes());
        assertArrayEquals(new int[] {1, 1}, trace.last());
        assertNull(trace.failingStep());
    }

    @Test
    void aFailingStepFollowsTheLastStepWithItsMessage() {
        TinySystem ts = TinySystems.failingCounter(5, 2);
        Trace trace = Trace.of(ts, new BfsSearch(ts, SearchOptions.defaults()).run().counterexample(), ts.provenance());
        assertEquals(2, trace.steps().size());
        FailingStep failing = trace.failingStep();
        assertEquals(3, failing.index());
        assertEquals(0, failing.group());
        assertEquals("counter reached 2", failing.message());
        assertArrayEquals(new int[] {2}, failing.before());
    }

    /** Counters up to 2 where (1,1) is bad: reached by inc a, then inc b. */
    private static TinySystem withBadState() {
        return TinySystem.builder()
                .slot("a", 0, 2).slot("b", 0, 2).initial(0, 0)
                .group("inc a", TinySystem.when(s -> s[0] < 2, s -> s[0]++))
                .group("inc b", TinySystem.when(s -> s[1] < 2, s -> s[1]++))
                .property(TinySystem.invariant("not_1_1", s -> !(s[0] == 1 && s[1] == 1)))
                .terminal(s -> true)
                .build();
    }
}
