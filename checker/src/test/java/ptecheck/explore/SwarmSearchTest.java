package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import ptecheck.testutil.Odometer;
import ptecheck.testutil.TinySystem;
import ptecheck.testutil.TinySystems;

class SwarmSearchTest {
    private static SearchResult swarm(ptecheck.ts.TransitionSystem ts, int members, int bits, int workers) {
        SearchOptions o = SearchOptions.defaults().withWorkers(workers).withBitstate(bits, 2).withSwarm(members);
        return o.strategy().create(ts, o).run();
    }

    @Test
    void aSwarmThatFindsNothingIsIncompleteAndSaysWhatEachMemberStored() {
        SearchResult r = swarm(new Odometer(3, 20), 4, 12, 2);
        assertEquals(Outcome.INCOMPLETE, r.outcome());
        assertEquals("swarm", r.stats().stopReason());
        assertEquals(4, r.members().size());
        for (Stats m : r.members()) {
            assertTrue(m.distinct() > 0 && m.distinct() < 9261, m.distinct() + " of 9261 states");
        }
    }

    @Test
    void membersAreDiversified() {
        assertNotEquals(SwarmSearch.seed(1), SwarmSearch.seed(2));
        int[] natural = SwarmSearch.order(0, 5);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, natural);
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, SwarmSearch.order(1, 5));
        // A 4096-bit array loses states; members with other seeds and orders lose others.
        SearchResult r = swarm(new Odometer(3, 20), 3, 12, 1);
        assertTrue(r.members().stream().map(Stats::distinct).distinct().count() > 1,
                "members stored " + r.members().stream().map(Stats::distinct).toList());
    }

    @Test
    void theViolationReportedIsTheFirstMembersWhateverTheWorkers() {
        TinySystem ts = TinySystems.graph(5, 4, Set.of(), new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 4},
                new int[] {0, 3}, new int[] {3, 4});
        SearchResult one = swarm(ts, 4, 16, 1);
        SearchResult two = swarm(ts, 4, 16, 2);
        assertEquals(Outcome.VIOLATION, one.outcome());
        assertEquals("not_bad", one.counterexample().property());
        assertEquals(one.counterexample().groups(), two.counterexample().groups());
    }
}
