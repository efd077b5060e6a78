package ptecheck.ts;

/**
 * A user-visible piece of state made of consecutive slots ({@code pt[0]}, {@code tlb[1][0]}),
 * rendered as one value in traces.
 *
 * @param shape how the slots make up the value, for structured renderings (JSON, field-level
 *     diffs); null when unknown, in which case only {@link #format} is available
 */
public record Variable(String name, int firstSlot, int slotCount, ValueFormatter formatter, ValueShape shape) {

    /** A variable whose structure is unknown: traces show it only through {@code formatter}. */
    public Variable(String name, int firstSlot, int slotCount, ValueFormatter formatter) {
        this(name, firstSlot, slotCount, formatter, null);
    }

    /** How a kernel local is shown where dead-variable reduction has reset it (no value to show). */
    public static final String DEAD = "dead";

    /** True when the variable is a kernel local that is dead in {@code state}. */
    public boolean isDead(int[] state) {
        return formatter != null && DEAD.equals(format(state));
    }

    /** Renders the variable's value in {@code state}. */
    public String format(int[] state) {
        return formatter.format(state, firstSlot);
    }

    /**
     * True when the variable's slots differ between two states, or it is shown differently (a
     * kernel local that comes to life holding its initial value: {@code dead -> 0}).
     */
    public boolean differs(int[] a, int[] b) {
        if (isDead(a) && isDead(b)) {
            return false; // reset slots may hold anything: a dead local has no value to change
        }
        for (int i = firstSlot; i < firstSlot + slotCount; i++) {
            if (a[i] != b[i]) {
                return true;
            }
        }
        return !format(a).equals(format(b));
    }

    /** Renders the value stored at {@code state[first..]}. */
    @FunctionalInterface
    public interface ValueFormatter {
        String format(int[] state, int first);
    }
}
