package ptecheck.ts;

/**
 * A user-visible piece of state made of consecutive slots ({@code pt[0]}, {@code tlb[1][0]}),
 * rendered as one value in traces.
 */
public record Variable(String name, int firstSlot, int slotCount, ValueFormatter formatter) {

    /** Renders the variable's value in {@code state}. */
    public String format(int[] state) {
        return formatter.format(state, firstSlot);
    }

    /** True when the variable's slots differ between two states. */
    public boolean differs(int[] a, int[] b) {
        for (int i = firstSlot; i < firstSlot + slotCount; i++) {
            if (a[i] != b[i]) {
                return true;
            }
        }
        return false;
    }

    /** Renders the value stored at {@code state[first..]}. */
    @FunctionalInterface
    public interface ValueFormatter {
        String format(int[] state, int first);
    }
}
