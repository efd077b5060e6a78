package ptecheck.ts;

import java.util.List;

/** The shape of the state vector: its slots and the variables they make up. */
public record StateLayout(List<Slot> slots, List<Variable> variables) {
    public StateLayout {
        slots = List.copyOf(slots);
        variables = List.copyOf(variables);
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
