package ptecheck.ts;

/** One primitive component of the state vector, holding a value in {@code min .. max}. */
public record Slot(String name, int min, int max) {
    public Slot {
        if (min > max) {
            throw new IllegalArgumentException("empty slot range " + min + ".." + max + " for " + name);
        }
    }

    /** Bits needed to store {@code value - min}. */
    public int bits() {
        long span = (long) max - (long) min;
        return span == 0 ? 0 : 64 - Long.numberOfLeadingZeros(span);
    }
}
