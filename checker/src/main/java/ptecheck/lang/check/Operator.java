package ptecheck.lang.check;

/**
 * The binary operators of the language, with the one table of their semantics that every
 * evaluator uses: constant folding of {@code const} declarations ({@link Symbols}), the compiled
 * expressions run on states ({@code compile.Eval}) and the interval arithmetic that proves a
 * step cannot fail ({@code compile.FailureAnalysis}). Booleans are 0 and 1.
 */
public enum Operator {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    AND("and"), OR("or"), IMPLIES("implies");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** As written in a spec. */
    public String symbol() {
        return symbol;
    }

    /** The operator written {@code symbol}, or null. */
    public static Operator of(String symbol) {
        for (Operator o : values()) {
            if (o.symbol.equals(symbol)) {
                return o;
            }
        }
        return null;
    }

    /** {@code + - * / %}: integers to an integer. */
    public boolean arithmetic() {
        return ordinal() <= MOD.ordinal();
    }

    /** {@code < <= > >=}: integers to a bool. */
    public boolean ordering() {
        return ordinal() >= LT.ordinal() && ordinal() <= GE.ordinal();
    }

    /** {@code == !=}: two values of one type to a bool. */
    public boolean equality() {
        return this == EQ || this == NE;
    }

    /** {@code and or implies}: bools to a bool. */
    public boolean logical() {
        return ordinal() >= AND.ordinal();
    }

    /** The result is a bool (0 or 1). */
    public boolean boolResult() {
        return !arithmetic();
    }

    /** Division and remainder fail on a zero right operand; nothing else fails. */
    public boolean canFail() {
        return this == DIV || this == MOD;
    }

    /** The value of {@code x op y}; the caller has ruled out a zero divisor ({@link #canFail}). */
    public int apply(int x, int y) {
        switch (this) {
            case ADD: return x + y;
            case SUB: return x - y;
            case MUL: return x * y;
            case DIV: return x / y;
            case MOD: return x % y;
            case EQ: return x == y ? 1 : 0;
            case NE: return x != y ? 1 : 0;
            case LT: return x < y ? 1 : 0;
            case LE: return x <= y ? 1 : 0;
            case GT: return x > y ? 1 : 0;
            case GE: return x >= y ? 1 : 0;
            case AND: return x != 0 && y != 0 ? 1 : 0;
            case OR: return x != 0 || y != 0 ? 1 : 0;
            default: return x == 0 || y != 0 ? 1 : 0;
        }
    }

    /**
     * Bounds {lo, hi} of {@code x op y} for operands within bounds {@code x} and {@code y}
     * (null: unknown), or null when they are not known.
     */
    public long[] range(long[] x, long[] y) {
        if (boolResult()) {
            return new long[] {0, 1};
        }
        if (x == null || y == null || canFail()) {
            return null;
        }
        switch (this) {
            case ADD:
                return new long[] {x[0] + y[0], x[1] + y[1]};
            case SUB:
                return new long[] {x[0] - y[1], x[1] - y[0]};
            default: {
                long p1 = x[0] * y[0];
                long p2 = x[0] * y[1];
                long p3 = x[1] * y[0];
                long p4 = x[1] * y[1];
                return new long[] {Math.min(Math.min(p1, p2), Math.min(p3, p4)), Math.max(Math.max(p1, p2),
                        Math.max(p3, p4))};
            }
        }
    }
}
