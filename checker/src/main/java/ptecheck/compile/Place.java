package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StepFailure;

/**
 * Where a value lives: a base slot plus, for variable indices, a sum of
 * {@code (index - lo) * stride} terms checked against the array bounds. Most places are
 * static (every index a constant after loop unrolling) and resolve to a fixed slot.
 */
final class Place {
    final int base;
    final int width;
    final Term[] terms;
    final String name;

    /** A variable index into an array of {@code count} elements of {@code stride} leaves. */
    record Term(IntExpr index, int lo, int count, int stride, SourceRef where, String what) {}

    Place(int base, int width, Term[] terms, String name) {
        this.base = base;
        this.width = width;
        this.terms = terms;
        this.name = name;
    }

    static Place of(int base, int width, String name) {
        return new Place(base, width, new Term[0], name);
    }

    boolean isStatic() {
        return terms.length == 0;
    }

    int slot(int[] s) {
        int slot = base;
        for (Term t : terms) {
            int k = t.index.eval(s) - t.lo;
            if (k < 0 || k >= t.count) {
                throw new StepFailure(Violation.INDEX_OUT_OF_RANGE.id(), "index " + (k + t.lo) + " out of range "
                        + t.lo + ".." + (t.lo + t.count - 1) + " in " + t.what, t.where);
            }
            slot += k * t.stride;
        }
        return slot;
    }

    /** A sub-place {@code offset} leaves in, {@code width} wide (a field). */
    Place offset(int offset, int width, String name) {
        return new Place(base + offset, width, terms, name);
    }

    /** Element {@code index} of this array place. */
    Place index(IntExpr index, int lo, int count, int stride, SourceRef where, String name) {
        Integer k = index.constant();
        if (k != null) {
            return new Place(base + (k - lo) * stride, stride, terms, name);
        }
        Term[] more = java.util.Arrays.copyOf(terms, terms.length + 1);
        more[terms.length] = new Term(index, lo, count, stride, where, this.name);
        return new Place(base, stride, more, name);
    }

    /** Slots read to compute the address (the index expressions). */
    void readsForAddress(BitSet out) {
        for (Term t : terms) {
            t.index.reads(out);
        }
    }

    /** Every slot that leaves {@code from .. from+n} of this place may denote. */
    void mayTouch(BitSet out, int from, int n) {
        List<Integer> bases = new ArrayList<>();
        bases.add(base);
        for (Term t : terms) {
            List<Integer> next = new ArrayList<>();
            for (int b : bases) {
                for (int k = 0; k < t.count; k++) {
                    next.add(b + k * t.stride);
                }
            }
            bases = next;
        }
        for (int b : bases) {
            out.set(b + from, b + from + n);
        }
    }
}
