package ptecheck.ts;

/** Receives successors; the array is only valid during the call. */
@FunctionalInterface
public interface SuccessorSink {
    /** Group number passed with initial states. */
    int INITIAL = -1;

    void accept(int group, int[] state);
}
