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

    /**
     * Elements one after the other, {@code elem.slots()} apart; {@code indices} name them.
     *
     * @param key the shape of an index value ({@link Int}, {@link Enum} or {@link Bool})
     * @param keys the encoded index value of each element, in order (as {@code key} reads a slot)
     */
    record Array(List<String> indices, ValueShape elem, ValueShape key, List<Integer> keys) implements ValueShape {
        public Array {
            indices = List.copyOf(indices);
            keys = List.copyOf(keys);
            if (keys.size() != indices.size()) {
                throw new IllegalArgumentException(keys.size() + " keys for " + indices.size() + " indices");
            }
        }

        /** An array indexed by {@code 0 .. indices.size() - 1}. */
        public Array(List<String> indices, ValueShape elem) {
            this(indices, elem, new Int(), java.util.stream.IntStream.range(0, indices.size()).boxed().toList());
        }

        public int slots() {
            return indices.size() * elem.slots();
        }
    }

    /**
     * A lock: its owner slot (0: free, else the owner's number), and for a reader-writer lock a
     * second slot, the bit mask of the reading owners (bit {@code k - 1} for owner {@code k}).
     *
     * @param owners the name of each owner, owner {@code k} at {@code k - 1}
     */
    record Lock(boolean rw, List<String> owners) implements ValueShape {
        public Lock {
            owners = List.copyOf(owners);
        }

        public int slots() {
            return rw ? 2 : 1;
        }

        /** Owner {@code k}'s name, or {@code #k} for a number that names no owner. */
        public String owner(int k) {
            return k >= 1 && k <= owners.size() ? owners.get(k - 1) : "#" + k;
        }
    }
}
