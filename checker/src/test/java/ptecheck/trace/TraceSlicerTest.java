package ptecheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Counterexample;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Stepper;

class TraceSlicerTest {

    /** noise, fill, noise, noise, write, noise, write: pt reaches 2. */
    static Trace noisyTrace() {
        SlicedSystem ts = new SlicedSystem();
        int[] groups = {SlicedSystem.NOISE, SlicedSystem.FILL, SlicedSystem.NOISE, SlicedSystem.NOISE,
            SlicedSystem.WRITE, SlicedSystem.NOISE, SlicedSystem.WRITE};
        List<int[]> states = new ArrayList<>();
        states.add(new int[] {0, 0, 0});
        Stepper stepper = ts.stepper();
        List<Integer> gs = new ArrayList<>();
        for (int g : groups) {
            int[][] next = new int[1][];
            stepper.next(g, states.get(states.size() - 1), (gr, s) -> next[0] = s.clone());
            states.add(next[0]);
            gs.add(g);
        }
        StateProperty p = ts.properties().get(0);
        return Trace.of(ts, new Counterexample(p.name(), p.kind(), p.where(), p.text(), "", states, gs, -1,
                List.of()), ts.provenance());
    }

    @Test
    void keepsTheStepsThatWroteWhatThePropertyReadsAndWhatTheyRead() {
        BitSet involved = TraceSlicer.involved(noisyTrace(), new SlicedSystem());
        BitSet expected = new BitSet();
        expected.set(2); // fill: the writes read the TLB
        expected.set(5);
        expected.set(7);
        assertEquals(expected, involved);
    }

    @Test
    void foldedStepsTakeOneLinePerRun() {
        Trace trace = noisyTrace();
        RenderOptions sliced = RenderOptions.DEFAULT.withInvolved(TraceSlicer.involved(trace, new SlicedSystem()));
        String text = TextTraceRenderer.render(trace, sliced);
        List<String> folds = text.lines().filter(l -> l.startsWith("...")).toList();
        assertEquals(List.of("... 1 step of CPU 1 not involved", "... 2 steps of CPU 1 not involved",
                "... 1 step of CPU 1 not involved"), folds);
        String diagram = KernelDiagramRenderer.render(trace, sliced);
        assertEquals(3, diagram.lines().filter(l -> l.strip().startsWith("...")).count(), diagram);
    }

    @Test
    void withoutReadSetsEveryChangingStepIsKept() {
        Trace trace = noisyTrace();
        ptecheck.testutil.TinySystem plain = ptecheck.testutil.TinySystem.builder()
                .slot("pt", 0, 3).slot("tlb", 0, 1).slot("noise", 0, 7).initial(0, 0, 0)
                .group("a", ptecheck.testutil.TinySystem.when(s -> true, s -> {}))
                .group("b", ptecheck.testutil.TinySystem.when(s -> true, s -> {}))
                .group("c", ptecheck.testutil.TinySystem.when(s -> true, s -> {}))
                .group("d", ptecheck.testutil.TinySystem.when(s -> true, s -> {}))
                .build();
        assertEquals(7, TraceSlicer.involved(trace, plain).cardinality());
    }
}
