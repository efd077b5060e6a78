package ptecheck.ts;

import java.util.List;

/**
 * The shape of the state vector: its slots, the variables they make up, and the declarations.
 *
 * @param variables the values traces show, one per step of detail: an array declaration is split
 *     into its elements ({@code pt[0]}), and process locals and the checker's own state (interrupt
 *     flags, RCU nesting) are variables too
 * @param declarations the spec's global declarations ({@code var}, {@code lock}), one whole value
 *     each, arrays unsplit: what the Informal Trace Format lists as a trace's variables
 */
public record StateLayout(List<Slot> slots, List<Variable> variables, List<Variable> declarations) {
    public StateLayout {
        slots = List.copyOf(slots);
        variables = List.copyOf(variables);
        declarations = List.copyOf(declarations);
    }

    /** A layout whose every variable is a declaration of its own (hand-written systems). */
    public StateLayout(List<Slot> slots, List<Variable> variables) {
        this(slots, variables, variables);
    }

    public int size() {
        return slots.size();
    }

    public Slot slot(int i) {
        return slots.get(i);
    }

    /** Total bits of a bit-packed state. */
    public int totalBits() {
        int bits = 0;
        for (Slot s : slots) {
            bits += s.bits();
        }
        return bits;
    }
}
