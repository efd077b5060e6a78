package ptecheck.compile;

import ptecheck.lang.ast.Pos;

/**
 * Bounds what the compiler builds by the memory the search may use ({@code --memory}), so that a
 * spec too large to check (an array over a million elements, a loop unrolled a hundred thousand
 * times) stops in milliseconds with a message instead of compiling for minutes and running out
 * of heap. Two measures, each checked before the work it bounds is done:
 * <ul>
 *   <li>state slots: the search must hold at least {@link #STATES_AT_LEAST} states of four bytes a
 *       slot, so {@code slots <= memory / (4 * STATES_AT_LEAST)};</li>
 *   <li>transitions (groups, and statements lowered into kernel code): partial-order reduction
 *       and the dependency tables take {@code transitions^2 / 8} bytes, which must fit in a quarter
 *       of the memory, so {@code transitions <= sqrt(2 * memory)}.</li>
 * </ul>
 * Passing a bound is not an error in the spec: the check is incomplete (exit 3) and the message
 * says which option would let it through.
 */
public final class SizeBound {
    /** The fewest states a search of the largest allowed state vector must be able to hold. */
    static final long STATES_AT_LEAST = 10_000;

    private final long memory;
    private final long maxSlots;
    private final long maxTransitions;
    private long transitions;

    private SizeBound(long memory) {
        this.memory = memory;
        this.maxSlots = Math.max(1024, memory / (4 * STATES_AT_LEAST));
        this.maxTransitions = Math.max(4096, (long) Math.sqrt(2.0 * memory));
    }

    /** The bound for a search allowed {@code memoryBytes} (0 or less: the default share of the heap, as the search takes). */
    public static SizeBound forMemory(long memoryBytes) {
        long heapShare = Runtime.getRuntime().maxMemory() / 10 * 9;
        return new SizeBound(memoryBytes > 0 ? Math.min(memoryBytes, heapShare) : heapShare);
    }

    static SizeBound none() {
        return new SizeBound(Long.MAX_VALUE / 4);
    }

    /** The state vector is about to reach {@code slots} slots for {@code what}. */
    void slots(long slots, String what) {
        if (slots > maxSlots) {
            throw new Exceeded("the state vector would need " + String.format("%,d", slots) + " slots (at " + what
                    + "), more than the " + String.format("%,d", maxSlots) + " that " + memoryText() + " allows");
        }
    }

    /** {@code count} more transitions (groups or lowered statements) are about to be built for {@code what}. */
    void transitions(long count, String what, Pos at) {
        transitions += count;
        if (transitions > maxTransitions) {
            Exceeded e = new Exceeded("the spec would compile to more than " + String.format("%,d", maxTransitions)
                    + " transitions (at " + what + "), more than " + memoryText() + " allows");
            throw at == null ? e : e.at(at);
        }
    }

    private String memoryText() {
        return "a search in " + (memory >= 1L << 30 ? String.format("%.1f GiB", memory / (double) (1L << 30))
                : String.format("%d MiB", memory >> 20));
    }

    /** A bound passed: where (when known) and what. */
    public static final class Exceeded extends RuntimeException {
        private Pos pos;

        Exceeded(String message) {
            super(message, null, false, false);
        }

        /** Sets where, if not already known. */
        Exceeded at(Pos p) {
            if (pos == null) {
                pos = p;
            }
            return this;
        }

        public Pos pos() {
            return pos;
        }
    }
}
