package ptecheck.compile;

/**
 * The violations the checker itself reports, besides a spec's own properties and named
 * assertions: what {@code expect violation NAME} may name without declaring it. Each is
 * reported under {@link #id()}.
 */
enum Violation {
    DEADLOCK, ASSERTION, LOCK_ORDER_INVERSION, IRQ_UNSAFE_LOCK, LOCKS_HELD_BOUND, LOCK_HELD_AT_EXIT, IRQS_OFF_AT_EXIT,
    USE_AFTER_FREE, DOUBLE_FREE, PAGE_IN_USE, RCU_UNLOCK_UNBALANCED, RCU_READ_LOCK_HELD_AT_EXIT, CALL_RCU_PENDING,
    UNLOCK_NOT_HELD, OUT_OF_RANGE, INDEX_OUT_OF_RANGE, NONE_DEREFERENCE, DIVISION_BY_ZERO;

    private final String id = name().toLowerCase(java.util.Locale.ROOT);

    /** The name it is reported and expected under: {@code use_after_free}. */
    String id() {
        return id;
    }
}
