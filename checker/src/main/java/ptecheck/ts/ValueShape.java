package ptecheck.ts;

import java.util.List;

/**
 * How the slots of a {@link Variable} make up one structured value, so that traces can show it
 * field by field (field-level diffs, JSON) instead of only as the variable's formatted text.
 * Offsets are relative to the first slot of the value.
 */
public sealed interface ValueShape {

    /** Slots the value occupies. */
    int slots();

    /** One slot holding 0 (false) or 1 (true). */
    record Bool() implements ValueShape {
        public int slots() {
            return 1;
        }
    }

    /** One slot holding a number. */
    record Int() implements ValueShape {
        public int slots() {
            return 1;
        }
    }

    /** One slot holding the index of one of {@code names}. */
    record Enum(List<String> names) implements ValueShape {
        public Enum {
            names = List.copyOf(names);
        }

        public int slots() {
            return 1;
        }
    }

    /**
     * One slot whose meaning only the variable's formatter knows (for example who holds a lock);
     * shown as the variable's formatted text.
     */
    record Opaque() implements ValueShape {
        public int slots() {
            return 1;
        }
    }

    /** A field of a {@link Record}, starting at {@code offset} within the record. */
    record Field(String name, int offset, ValueShape shape) {}

    record Record(List<Field> fields, int slots) implements ValueShape {
        public Record {
            fields = List.copyOf(fields);
        }
    }

    /** A present flag (0: absent) followed by the inner value's slots, all at their minimum when absent. */
    record Optional(ValueShape inner) implements ValueShape {
        public int slots() {
            return 1 + inner.slots();
        }
    }

    /** Elements one after the other, {@code elem.slots()} apart; {@code indices} name them. */
    record Array(List<String> indices, ValueShape elem) implements ValueShape {
        public Array {
            indices = List.copyOf(indices);
        }

        public int slots() {
            return indices.size() * elem.slots();
        }
    }
}
