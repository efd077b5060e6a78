package ptecheck.compile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import ptecheck.lang.check.Prelude;

/**
 * The registry of kernel primitives: each declaration of the prelude with the lowering its
 * {@code by} clause names. Built once; a declaration without a matching class (or a
 * {@code waits} that does not match the class's kind) is a bug in the checker and fails here.
 */
final class Primitives {
    private static final Map<String, Primitive> LOWERINGS = load(Prelude.standard());

    private Primitives() {}

    /** The declaration of a primitive, or null when {@code name} is none. */
    static Prelude.Primitive declaration(String name) {
        return Prelude.standard().get(name);
    }

    /** The lowering of a primitive, or null when {@code name} is none (or a builtin function). */
    static Primitive lowering(String name) {
        return LOWERINGS.get(name);
    }

    static Map<String, Primitive> load(Prelude prelude) {
        Map<String, Primitive> out = new LinkedHashMap<>();
        for (Prelude.Primitive p : prelude.all()) {
            if (p.function()) {
                continue; // lowered by ExprCompiler
            }
            String cls = Primitives.class.getPackageName() + "." + p.lowering().replace('.', '$');
            Object made;
            try {
                var ctor = Class.forName(cls).getDeclaredConstructor();
                ctor.setAccessible(true);
                made = ctor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(Prelude.RESOURCE + ":" + p.line() + ": no lowering class " + cls
                        + " with a constructor without arguments", e);
            }
            if (!(made instanceof Primitive lowering)) {
                throw new IllegalStateException(Prelude.RESOURCE + ":" + p.line() + ": " + cls + " is not a Primitive");
            }
            if (p.waits() != (lowering instanceof Primitive.Waiting)) {
                throw new IllegalStateException(Prelude.RESOURCE + ":" + p.line() + ": '" + p.name() + "' is "
                        + (p.waits() ? "" : "not ") + "declared 'waits' but " + cls + " is "
                        + (p.waits() ? "not " : "") + "a Primitive.Waiting");
            }
            out.put(p.name(), lowering);
        }
        return Collections.unmodifiableMap(out);
    }
}
