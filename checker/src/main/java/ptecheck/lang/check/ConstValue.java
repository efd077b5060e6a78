package ptecheck.lang.check;

/** A value known at compile time: its type and its leaf encoding (bool 0/1, enum ordinal). */
public record ConstValue(Type type, int value) {
    public String show() {
        return Types.format(type, value);
    }
}
