package ptecheck.compile;

import java.util.HashMap;
import java.util.Map;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.check.ConstValue;
import ptecheck.lang.check.Type;

/** A lexical scope during lowering; the root scope's parent is the global namespace. */
final class Env {
    sealed interface Binding {}

    /** A name bound to a compile-time value: loop variables, rule binders, agent and kernel parameters. */
    record Value(ConstValue value) implements Binding {}

    /** A process local or a temporary of an atomic step. */
    record Local(Place place, Type type) implements Binding {}

    /** A procedure or fn parameter: the argument expression, compiled in the caller's scope. */
    record Alias(Expr expr, Env env, Type type, boolean ref) implements Binding {}

    /** A name whose declaration was in error: uses stay silent, the error was reported once. */
    record Poisoned() implements Binding {}

    private final Env parent;
    private final Map<String, Binding> names = new HashMap<>();

    Env(Env parent) {
        this.parent = parent;
    }

    static Env root() {
        return new Env(null);
    }

    Env child() {
        return new Env(this);
    }

    Env bind(String name, Binding b) {
        names.put(name, b);
        return this;
    }

    boolean definesHere(String name) {
        return names.containsKey(name);
    }

    /** Every compile-time value visible here (loop variables, binders, parameters). */
    java.util.Map<String, ptecheck.lang.check.ConstValue> constants() {
        java.util.Map<String, ptecheck.lang.check.ConstValue> out = new HashMap<>();
        for (Env e = this; e != null; e = e.parent) {
            for (var entry : e.names.entrySet()) {
                if (entry.getValue() instanceof Value v) {
                    out.putIfAbsent(entry.getKey(), v.value());
                }
            }
        }
        return out;
    }

    Binding lookup(String name) {
        for (Env e = this; e != null; e = e.parent) {
            Binding b = e.names.get(name);
            if (b != null) {
                return b;
            }
        }
        return null;
    }
}
