package ptecheck.lang.check;

import java.util.List;

/**
 * Resolved types. Every type a state can hold is finite; {@link Int} with {@link #UNBOUNDED}
 * bounds exists only for constants and arithmetic in between.
 *
 * <p>Values are flattened to "leaves" (one int each) in declaration order: a record is its
 * fields' leaves, an optional is a present flag followed by its inner leaves (all at their
 * minimum when absent, so leaf-wise equality is value equality), an array its elements'.
 */
public sealed interface Type {
    int UNBOUNDED = Integer.MIN_VALUE;

    /** Number of int leaves a value of this type flattens to. */
    int leaves();

    /** How the type is written in messages. */
    String show();

    record Bool() implements Type {
        public int leaves() { return 1; }
        public String show() { return "bool"; }
    }

    /** {@code lo..hi}; {@code lo == UNBOUNDED} for an integer without range (constants, arithmetic). */
    record Int(int lo, int hi) implements Type {
        public static final Int ANY = new Int(UNBOUNDED, UNBOUNDED);
        public boolean bounded() { return lo != UNBOUNDED; }
        public int leaves() { return 1; }
        public String show() { return bounded() ? lo + ".." + hi : "int"; }
    }

    record Enum(String name, List<String> members) implements Type {
        public int leaves() { return 1; }
        public String show() { return name; }
    }

    record Field(String name, Type type, int offset) {}

    record Record(String name, List<Field> fields, int leaves) implements Type {
        public Field field(String n) {
            for (Field f : fields) {
                if (f.name().equals(n)) {
                    return f;
                }
            }
            return null;
        }
        public String show() { return name; }
    }

    /** An array over a finite index type (bool, range or enum). */
    record Array(Type index, Type elem) implements Type {
        public int leaves() { return Types.size(index) * elem.leaves(); }
        public String show() { return elem.show() + "[" + index.show() + "]"; }
    }

    record Optional(Type inner) implements Type {
        public int leaves() { return 1 + inner.leaves(); }
        public String show() { return inner.show() + "?"; }
    }

    /** The type of {@code none} before it meets an optional. */
    record None() implements Type {
        public int leaves() { return 0; }
        public String show() { return "none"; }
    }

    /**
     * A spinlock (one leaf: the owner, 0 when free) or, with {@code rw}, a reader-writer
     * semaphore (two leaves: the writer, and a bitmask of readers by owner id). Lock families
     * are arrays of locks.
     */
    record Lock(boolean rw) implements Type {
        public int leaves() { return rw ? 2 : 1; }
        public String show() { return rw ? "rwsem" : "spinlock"; }
    }

    /** A record literal whose record type is not known yet. */
    record RecordLiteral() implements Type {
        public int leaves() { return 0; }
        public String show() { return "record literal"; }
    }
}
