package ptecheck.compile;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;
import ptecheck.ts.Slot;
import ptecheck.ts.StateLayout;
import ptecheck.ts.ValueShape;
import ptecheck.ts.Variable;

/**
 * Allocates state slots: one per leaf of every global, lock, program counter and local.
 * Knows which slots are shared (globals, locks) and which are temporaries (locals of atomic
 * steps, reset after every step so they never distinguish states).
 */
final class LayoutBuilder {
    private final List<String> names = new ArrayList<>();
    private final List<int[]> ranges = new ArrayList<>();
    private final List<Boolean> shared = new ArrayList<>();
    private final List<Integer> temps = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();
    private final List<Declared> declarations = new ArrayList<>();
    private List<String> ownerNames = List.of();
    private int lockMax = 1;
    private final java.util.Map<Integer, SymmetryDetector.Coord> coords = new java.util.HashMap<>();

    /** A throwaway builder whose slots come after {@code main}'s, for checking code that is never run. */
    static LayoutBuilder after(LayoutBuilder main) {
        LayoutBuilder b = new LayoutBuilder();
        for (int i = 0; i < main.size(); i++) {
            b.add("-", 0, 0, false);
        }
        return b;
    }

    void setLockOwners(int processes) {
        lockMax = Math.max(1, processes);
    }

    int size() {
        return names.size();
    }

    boolean isShared(int slot) {
        return slot < shared.size() && shared.get(slot);
    }

    /** Allocates the leaves of a value of type {@code t}; returns the first slot. */
    int alloc(String name, Type t, boolean isShared) {
        int base = names.size();
        bound.slots(base + leaves(t), name);
        leaves(name, t, isShared);
        return base;
    }

    int allocTemp(String name, Type t) {
        int base = alloc(name, t, false);
        for (int i = base; i < names.size(); i++) {
            temps.add(i);
        }
        return base;
    }

    private SizeBound bound = SizeBound.none();

    /** Slots a value of {@code t} takes, without the int overflow of nested large arrays. */
    private static long leaves(Type t) {
        if (t instanceof Type.Array a) {
            return Math.min(Long.MAX_VALUE / 4, Types.size(a.index()) * leaves(a.elem()));
        }
        if (t instanceof Type.Record r) {
            long n = 0;
            for (Type.Field f : r.fields()) {
                n += leaves(f.type());
            }
            return n;
        }
        if (t instanceof Type.Optional o) {
            return 1 + leaves(o.inner());
        }
        return t instanceof Type.Lock ? 2 : 1;
    }

    private ValueSlots valueSlots;

    /** Where the slots holding values of named types are recorded, or null (a throwaway layout). */
    ValueSlots valueSlots() {
        return valueSlots;
    }

    void setValueSlots(ValueSlots v) {
        valueSlots = v;
    }

    void setBound(SizeBound bound) {
        this.bound = bound;
    }

    SizeBound bound() {
        return bound;
    }

    int allocPc(String name) {
        names.add(name);
        ranges.add(new int[] {0, 0});
        shared.add(false);
        return names.size() - 1;
    }

    /** Widens a slot allocated before the slots it will refer to (a buffered load's register). */
    void setMax(int slot, int max) {
        ranges.get(slot)[1] = Math.max(ranges.get(slot)[1], max);
    }

    void setPcCount(int slot, int count) {
        ranges.get(slot)[1] = Math.max(0, count - 1);
    }

    private void leaves(String name, Type t, boolean isShared) {
        if (t instanceof Type.Record r) {
            for (Type.Field f : r.fields()) {
                leaves(name + "." + f.name(), f.type(), isShared);
            }
        } else if (t instanceof Type.Optional o) {
            add(name + "?", 0, 1, isShared);
            leaves(name, o.inner(), isShared);
        } else if (t instanceof Type.Array a) {
            int n = Types.size(a.index());
            for (int k = 0; k < n; k++) {
                leaves(name + "[" + Types.format(a.index(), Types.value(a.index(), k)) + "]", a.elem(), isShared);
            }
        } else if (t instanceof Type.Lock l) {
            add(l.rw() ? name + ".writer" : name, 0, -1, isShared);
            if (l.rw()) {
                add(name + ".readers", 0, -2, isShared);
            }
        } else {
            add(name, mins(t)[0], maxs(t)[0], isShared);
        }
    }

    private void add(String name, int min, int max, boolean isShared) {
        names.add(name);
        ranges.add(new int[] {min, max});
        shared.add(isShared);
    }

    /** Registers the user-visible variables of a value: arrays are split into their elements. */
    void variables(String name, int base, Type t, Variable.ValueFormatter formatter) {
        if (t instanceof Type.Array a) {
            int n = Types.size(a.index());
            int stride = a.elem().leaves();
            for (int k = 0; k < n; k++) {
                variables(name + "[" + Types.format(a.index(), Types.value(a.index(), k)) + "]", base + k * stride,
                        a.elem(), formatter);
            }
            return;
        }
        Variable.ValueFormatter f = formatter != null ? formatter : (s, at) -> Types.format(t, s, at);
        variables.add(new Variable(name, base, t.leaves(), f, shape(t)));
    }

    /** Replaces the formatter of every variable that starts in slots {@code [from, to)}. */
    void reformat(int from, int to, java.util.function.Function<Variable, Variable.ValueFormatter> formatter) {
        for (int i = 0; i < variables.size(); i++) {
            Variable v = variables.get(i);
            if (v.firstSlot() >= from && v.firstSlot() < to) {
                variables.set(i, new Variable(v.name(), v.firstSlot(), v.slotCount(), formatter.apply(v), v.shape()));
            }
        }
    }

    /** Registers a variable whose slots are not a value of a language type (a store buffer). */
    void variable(Variable v) {
        variables.add(v);
    }

    String slotName(int slot) {
        return names.get(slot);
    }

    /** The first registered variable that holds {@code slot}, or null. */
    Variable variableAt(int slot) {
        for (Variable v : variables) {
            if (slot >= v.firstSlot() && slot < v.firstSlot() + v.slotCount()) {
                return v;
            }
        }
        return null;
    }

    /** A global declaration of the spec: its value is one ITF variable. */
    private record Declared(String name, int base, Type type) {}

    /** Registers a global {@code var} or {@code lock} as one whole value (see {@link StateLayout#declarations}). */
    void declare(String name, int base, Type t) {
        declarations.add(new Declared(name, base, t));
    }

    /** The names of the lock owners, owner {@code k} at {@code k - 1}, for the shape of locks. */
    void setOwnerNames(List<String> names) {
        ownerNames = List.copyOf(names);
    }

    /** The structure of a value of type {@code t}, for traces (JSON, field-level diffs); locks are opaque. */
    static ValueShape shape(Type t) {
        return shape(t, null);
    }

    /** As {@link #shape(Type)}, with locks structured when {@code owners} is not null. */
    private static ValueShape shape(Type t, List<String> owners) {
        if (t instanceof Type.Record r) {
            List<ValueShape.Field> fields = new ArrayList<>();
            for (Type.Field f : r.fields()) {
                fields.add(new ValueShape.Field(f.name(), f.offset(), shape(f.type(), owners)));
            }
            return new ValueShape.Record(fields, r.leaves());
        } else if (t instanceof Type.Optional o) {
            return new ValueShape.Optional(shape(o.inner(), owners));
        } else if (t instanceof Type.Array a) {
            List<String> indices = new ArrayList<>();
            List<Integer> keys = new ArrayList<>();
            for (int k = 0; k < Types.size(a.index()); k++) {
                indices.add(Types.format(a.index(), Types.value(a.index(), k)));
                keys.add(Types.value(a.index(), k));
            }
            return new ValueShape.Array(indices, shape(a.elem(), owners), shape(a.index(), null), keys);
        } else if (t instanceof Type.Bool) {
            return new ValueShape.Bool();
        } else if (t instanceof Type.Enum e) {
            return new ValueShape.Enum(e.members());
        } else if (t instanceof Type.Int) {
            return new ValueShape.Int();
        } else if (t instanceof Type.Lock l && owners != null) {
            return new ValueShape.Lock(l.rw(), owners);
        }
        return new ValueShape.Opaque();
    }

    /**
     * Records where the slots {@code base ..} sit in a family indexed by named types: element
     * {@code (i1, .., ik)} (row-major over {@code dimSizes}) is {@code elemLeaves} slots wide.
     * A dimension whose type has no name is recorded as null and never permuted.
     */
    void coordinates(String family, String[] dimTypes, int[] dimSizes, int base, int elemLeaves) {
        int cells = 1;
        for (int n : dimSizes) {
            cells *= n;
        }
        for (int cell = 0; cell < cells; cell++) {
            int[] dims = new int[dimSizes.length];
            int rest = cell;
            for (int d = dimSizes.length - 1; d >= 0; d--) {
                dims[d] = rest % dimSizes[d];
                rest /= dimSizes[d];
            }
            for (int leaf = 0; leaf < elemLeaves; leaf++) {
                coords.put(base + cell * elemLeaves + leaf, new SymmetryDetector.Coord(family, dimTypes, dims, leaf));
            }
        }
    }

    void coordinate(int slot, SymmetryDetector.Coord c) {
        coords.put(slot, c);
    }

    java.util.Map<Integer, SymmetryDetector.Coord> coordinates() {
        return java.util.Collections.unmodifiableMap(coords);
    }

    int[] tempSlots() {
        return temps.stream().mapToInt(Integer::intValue).toArray();
    }

    int min(int slot) {
        return ranges.get(slot)[0];
    }

    /** Placeholder maxima: -1 is an owner id, -2 a bitmask of owners; known once owners are counted. */
    int max(int slot) {
        int m = ranges.get(slot)[1];
        return m == -1 ? lockMax : m == -2 ? (int) Math.min(Integer.MAX_VALUE, (1L << lockMax) - 1) : m;
    }

    StateLayout build() {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            slots.add(new Slot(names.get(i), min(i), max(i)));
        }
        List<Variable> declared = new ArrayList<>();
        for (Declared d : declarations) {
            declared.add(new Variable(d.name(), d.base(), d.type().leaves(), (s, at) -> Types.format(d.type(), s, at),
                    shape(d.type(), ownerNames)));
        }
        return new StateLayout(slots, variables, declared);
    }

    /** The minimum value of each leaf of {@code t} (a value's "zero"). */
    static int[] mins(Type t) {
        int[] out = new int[t.leaves()];
        fill(t, out, 0, true);
        return out;
    }

    /** The maximum value of each leaf of {@code t}; lock leaves get -1 (filled in at build). */
    static int[] maxs(Type t) {
        int[] out = new int[t.leaves()];
        fill(t, out, 0, false);
        return out;
    }

    private static void fill(Type t, int[] out, int at, boolean min) {
        if (t instanceof Type.Record r) {
            for (Type.Field f : r.fields()) {
                fill(f.type(), out, at + f.offset(), min);
            }
        } else if (t instanceof Type.Optional o) {
            out[at] = min ? 0 : 1;
            fill(o.inner(), out, at + 1, min);
        } else if (t instanceof Type.Array a) {
            int n = Types.size(a.index());
            for (int k = 0; k < n; k++) {
                fill(a.elem(), out, at + k * a.elem().leaves(), min);
            }
        } else if (t instanceof Type.Bool) {
            out[at] = min ? 0 : 1;
        } else if (t instanceof Type.Enum e) {
            out[at] = min ? 0 : e.members().size() - 1;
        } else if (t instanceof Type.Int i) {
            out[at] = min ? i.lo() : i.hi();
        } else if (t instanceof Type.Lock l) {
            out[at] = min ? 0 : -1;
            if (l.rw()) {
                out[at + 1] = min ? 0 : -2;
            }
        }
    }
}
