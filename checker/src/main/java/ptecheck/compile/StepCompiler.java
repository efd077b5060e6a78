package ptecheck.compile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import ptecheck.lang.check.Operator;

/**
 * Compiles the groups' guards and actions to JVM bytecode when a system is built, so that the
 * search runs no interpreter for them: one hidden class per {@value #CHUNK} groups, a static
 * method per guard and per action list, and a switch over the group that calls them.
 *
 * <p>The generated code does what {@link Group#enabledIn} and {@link Actions#run} do, in the
 * same order. Where it does not know a node's kind (a kind added later, or one whose effect is
 * bookkeeping such as RCU's), it calls that node's own {@code eval} or {@code exec}. On the rare
 * failing path (an assertion, a value out of range, a division by zero, an unlock of a lock not
 * held) it also calls the node's interpreter, on the same state, which throws the very
 * {@link ptecheck.ts.StepFailure} the interpreter would; so messages live in one place. A group
 * too large for one method (see {@link #MAX_NODES}) is interpreted as a whole.
 */
final class StepCompiler implements Opcodes {
    /** Groups per hidden class: keeps each dispatching switch well below the JIT's 8000-byte limit. */
    static final int CHUNK = 256;
    /**
     * IR nodes per generated method at most: larger guards or action lists are interpreted, since
     * HotSpot does not JIT-compile a method of more than 8000 bytes of bytecode (about 15 per node).
     */
    static final int MAX_NODES = 400;

    private static final String BASE = "ptecheck/compile/StepCode";
    private static final String NAME = "ptecheck/compile/CompiledSteps";
    private static final String OBJECTS = "[Ljava/lang/Object;";
    private static final String SCRATCH = "Lptecheck/compile/Action$Scratch;";
    private static final String GUARD = "(" + OBJECTS + "[I)Z";
    private static final String BODY = "(" + OBJECTS + "[I" + SCRATCH + ")V";

    private StepCompiler() {}

    /** The compiled code of {@code groups}, chunk by chunk ({@code groups[g]} is in chunk {@code g / CHUNK}). */
    static StepCode[] compile(Group[] groups) {
        return compile(groups, MAX_NODES);
    }

    /** As {@link #compile(Group[])}, interpreting guards and action lists of more than {@code maxNodes} nodes. */
    static StepCode[] compile(Group[] groups, int maxNodes) {
        return compile(groups, maxNodes, java.util.Set.of());
    }

    /**
     * As {@link #compile(Group[], int)}, with the nodes of the {@code interpreted} kinds run by
     * their own interpreter, as a kind this compiler does not know is (for tests of that path).
     */
    static StepCode[] compile(Group[] groups, int maxNodes, java.util.Set<Class<?>> interpreted) {
        StepCode[] chunks = new StepCode[(groups.length + CHUNK - 1) / CHUNK];
        for (int c = 0; c < chunks.length; c++) {
            int from = c * CHUNK;
            int to = Math.min(groups.length, from + CHUNK);
            chunks[c] = compileChunk(java.util.Arrays.copyOfRange(groups, from, to), maxNodes, interpreted);
        }
        return chunks;
    }

    private static StepCode compileChunk(Group[] groups, int maxNodes, java.util.Set<Class<?>> interpreted) {
        Nodes nodes = new Nodes(interpreted);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object"; // frames merge only arrays and nodes, never read as their type
            }
        };
        cw.visit(V17, ACC_FINAL | ACC_SUPER, NAME, null, BASE, null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "(" + OBJECTS + ")V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitVarInsn(ALOAD, 1);
        init.visitMethodInsn(INVOKESPECIAL, BASE, "<init>", "(" + OBJECTS + ")V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        for (int g = 0; g < groups.length; g++) {
            guardMethod(cw, nodes, groups[g], g, maxNodes);
            bodyMethod(cw, nodes, groups[g], g, maxNodes);
        }
        dispatch(cw, groups.length, "enabled", "(I[I)Z", "e", GUARD);
        dispatch(cw, groups.length, "run", "(I[I" + SCRATCH + ")V", "a", BODY);
        cw.visitEnd();
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(cw.toByteArray(), true);
            return (StepCode) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class,
                    Object[].class)).invoke((Object) nodes.list.toArray());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("defining the compiled steps failed", e);
        }
    }

    /** {@code enabled(local, s)} / {@code run(local, w, scratch)}: a switch that calls each group's method. */
    private static void dispatch(ClassWriter cw, int n, String name, String desc, String prefix, String target) {
        boolean guard = prefix.equals("e");
        MethodVisitor mv = cw.visitMethod(ACC_FINAL, name, desc, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, BASE, "nodes", OBJECTS);
        mv.visitVarInsn(ASTORE, guard ? 3 : 4);
        Label[] cases = new Label[n];
        for (int i = 0; i < n; i++) {
            cases[i] = new Label();
        }
        Label bad = new Label();
        mv.visitVarInsn(ILOAD, 1);
        mv.visitTableSwitchInsn(0, n - 1, bad, cases);
        for (int i = 0; i < n; i++) {
            mv.visitLabel(cases[i]);
            mv.visitVarInsn(ALOAD, guard ? 3 : 4);
            mv.visitVarInsn(ALOAD, 2);
            if (!guard) {
                mv.visitVarInsn(ALOAD, 3);
            }
            mv.visitMethodInsn(INVOKESTATIC, NAME, prefix + i, target, false);
            mv.visitInsn(guard ? IRETURN : RETURN);
        }
        mv.visitLabel(bad);
        mv.visitTypeInsn(NEW, "java/lang/IndexOutOfBoundsException");
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IndexOutOfBoundsException", "<init>", "()V", false);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code static boolean e<g>(Object[] nodes, int[] s)}: {@link Group#enabledIn}. */
    private static void guardMethod(ClassWriter cw, Nodes nodes, Group group, int local, int maxNodes) {
        MethodVisitor mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, "e" + local, GUARD, null, null);
        mv.visitCode();
        if (group.guard() != null && size(group.guard(), maxNodes) > maxNodes) {
            nodes.load(mv, group, "ptecheck/compile/Group");
            mv.visitVarInsn(ALOAD, 1);
            mv.visitMethodInsn(INVOKEVIRTUAL, "ptecheck/compile/Group", "enabledIn", "([I)Z", false);
            mv.visitInsn(IRETURN);
        } else {
            Emitter e = new Emitter(mv, nodes, 1, 2);
            Label no = new Label();
            if (group.pcSlot() >= 0) {
                e.read(group.pcSlot());
                e.push(group.fromPc());
                mv.visitJumpInsn(IF_ICMPNE, no);
            }
            for (int h : group.suspendedBy()) {
                e.read(h);
                e.push(Handler.IDLE);
                mv.visitJumpInsn(IF_ICMPNE, no);
            }
            if (group.guard() != null) {
                e.expr(group.guard());
                mv.visitJumpInsn(IFEQ, no);
            }
            mv.visitInsn(ICONST_1);
            mv.visitInsn(IRETURN);
            mv.visitLabel(no);
            mv.visitInsn(ICONST_0);
            mv.visitInsn(IRETURN);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code static void a<g>(Object[] nodes, int[] w, Action.Scratch scratch)}: {@link Actions#run}. */
    private static void bodyMethod(ClassWriter cw, Nodes nodes, Group group, int local, int maxNodes) {
        MethodVisitor mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, "a" + local, BODY, null, null);
        mv.visitCode();
        if (size(group.actions(), maxNodes) > maxNodes) {
            nodes.load(mv, group.actions(), "[Lptecheck/compile/Action;");
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ALOAD, 2);
            mv.visitMethodInsn(INVOKESTATIC, "ptecheck/compile/Actions", "run",
                    "([Lptecheck/compile/Action;[I" + SCRATCH + ")Z", false);
            mv.visitInsn(POP);
        } else {
            Emitter e = new Emitter(mv, nodes, 1, 3);
            Label end = new Label();
            e.actions(group.actions(), end);
            mv.visitLabel(end);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** The nodes the generated code refers to, numbered in the order it first needs them. */
    private static final class Nodes {
        final List<Object> list = new ArrayList<>();
        final Map<Object, Integer> index = new IdentityHashMap<>();
        /** Kinds left to their interpreter although this compiler knows them. */
        final java.util.Set<Class<?>> interpreted;

        Nodes(java.util.Set<Class<?>> interpreted) {
            this.interpreted = interpreted;
        }

        /** Pushes node {@code o} (from the method's first argument), cast to {@code type}. */
        void load(MethodVisitor mv, Object o, String type) {
            int k = index.computeIfAbsent(o, x -> {
                list.add(x);
                return list.size() - 1;
            });
            mv.visitVarInsn(ALOAD, 0);
            Emitter.push(mv, k);
            mv.visitInsn(AALOAD);
            mv.visitTypeInsn(CHECKCAST, type);
        }
    }

    /** Emits one method's expressions and actions over the state in local {@code state}. */
    private static final class Emitter {
        private final MethodVisitor mv;
        private final Nodes nodes;
        private final int state;
        private int nextLocal;

        Emitter(MethodVisitor mv, Nodes nodes, int state, int firstFree) {
            this.mv = mv;
            this.nodes = nodes;
            this.state = state;
            this.nextLocal = firstFree;
        }

        static void push(MethodVisitor mv, int v) {
            if (v >= -1 && v <= 5) {
                mv.visitInsn(ICONST_0 + v);
            } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                mv.visitIntInsn(BIPUSH, v);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                mv.visitIntInsn(SIPUSH, v);
            } else {
                mv.visitLdcInsn(v);
            }
        }

        void push(int v) {
            push(mv, v);
        }

        /** Pushes {@code s[slot]}. */
        void read(int slot) {
            mv.visitVarInsn(ALOAD, state);
            push(slot);
            mv.visitInsn(IALOAD);
        }

        int newLocal() {
            return nextLocal++;
        }

        /**
         * After a failing test: the node's interpreter, which throws the failure, then a throw
         * the verifier can see (the interpreter never returns here).
         */
        private void fail(Object node, boolean expr) {
            if (expr) {
                nodes.load(mv, node, "ptecheck/compile/IntExpr");
                mv.visitVarInsn(ALOAD, state);
                mv.visitMethodInsn(INVOKEINTERFACE, "ptecheck/compile/IntExpr", "eval", "([I)I", true);
            } else {
                nodes.load(mv, node, "ptecheck/compile/Action");
                mv.visitVarInsn(ALOAD, state);
                mv.visitVarInsn(ALOAD, 2);
                mv.visitMethodInsn(INVOKEINTERFACE, "ptecheck/compile/Action", "exec", "([I" + SCRATCH + ")Z", true);
            }
            mv.visitMethodInsn(INVOKESTATIC, "ptecheck/compile/StepCompiler", "notThrown",
                    "()Ljava/lang/IllegalStateException;", false);
            mv.visitInsn(ATHROW);
        }

        /** Pushes the value of {@code e}, evaluated as {@link IntExpr#eval} does. */
        void expr(IntExpr e) {
            if (nodes.interpreted.contains(e.getClass())) {
                interpret(e);
            } else if (e instanceof Eval.Const c) {
                push(c.v);
            } else if (e instanceof Eval.Read r) {
                read(r.slot);
            } else if (e instanceof Eval.DynRead d) {
                mv.visitVarInsn(ALOAD, state);
                slot(d.place, d);
                push(d.offset);
                mv.visitInsn(IADD);
                mv.visitInsn(IALOAD);
            } else if (e instanceof Eval.Neg n) {
                expr(n.a);
                mv.visitInsn(INEG);
            } else if (e instanceof Eval.Not n) {
                expr(n.a);
                bool(IFEQ);
            } else if (e instanceof Eval.And a) {
                Label no = new Label();
                Label end = new Label();
                expr(a.a);
                mv.visitJumpInsn(IFEQ, no);
                expr(a.b);
                mv.visitJumpInsn(IFEQ, no);
                mv.visitInsn(ICONST_1);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(no);
                mv.visitInsn(ICONST_0);
                mv.visitLabel(end);
            } else if (e instanceof Eval.Or o) {
                Label yes = new Label();
                Label end = new Label();
                expr(o.a);
                mv.visitJumpInsn(IFNE, yes);
                expr(o.b);
                mv.visitJumpInsn(IFNE, yes);
                mv.visitInsn(ICONST_0);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(yes);
                mv.visitInsn(ICONST_1);
                mv.visitLabel(end);
            } else if (e instanceof Eval.Binary b) {
                binary(b);
            } else if (e instanceof Eval.Guarded g) {
                Label ok = new Label();
                expr(g.ok);
                mv.visitJumpInsn(IFNE, ok);
                fail(g, true);
                mv.visitLabel(ok);
                expr(g.value);
            } else if (e instanceof Eval.AtPc p) {
                int[] pcs = p.table.getOrDefault(p.label, new int[0]);
                int pc = newLocal();
                read(p.pcSlot);
                mv.visitVarInsn(ISTORE, pc);
                Label yes = new Label();
                Label end = new Label();
                for (int x : pcs) {
                    mv.visitVarInsn(ILOAD, pc);
                    push(x);
                    mv.visitJumpInsn(IF_ICMPEQ, yes);
                }
                mv.visitInsn(ICONST_0);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(yes);
                mv.visitInsn(ICONST_1);
                mv.visitLabel(end);
            } else {
                interpret(e); // a kind this compiler does not know
            }
        }

        /** Pushes {@code e.eval(s)}: the node's own interpreter. */
        private void interpret(IntExpr e) {
            nodes.load(mv, e, "ptecheck/compile/IntExpr");
            mv.visitVarInsn(ALOAD, state);
            mv.visitMethodInsn(INVOKEINTERFACE, "ptecheck/compile/IntExpr", "eval", "([I)I", true);
        }

        /** Replaces the int on the stack by 1 when {@code jump} would jump on it, else by 0. */
        private void bool(int jump) {
            Label yes = new Label();
            Label end = new Label();
            mv.visitJumpInsn(jump, yes);
            mv.visitInsn(ICONST_0);
            mv.visitJumpInsn(GOTO, end);
            mv.visitLabel(yes);
            mv.visitInsn(ICONST_1);
            mv.visitLabel(end);
        }

        private void binary(Eval.Binary b) {
            Operator op = b.op;
            if (op.logical()) {
                // Both operands are evaluated (unlike And/Or); Operator.apply combines them.
                mv.visitFieldInsn(GETSTATIC, "ptecheck/lang/check/Operator", op.name(), "Lptecheck/lang/check/Operator;");
                expr(b.a);
                expr(b.b);
                mv.visitMethodInsn(INVOKEVIRTUAL, "ptecheck/lang/check/Operator", "apply", "(II)I", false);
                return;
            }
            expr(b.a);
            expr(b.b);
            switch (op) {
                case ADD -> mv.visitInsn(IADD);
                case SUB -> mv.visitInsn(ISUB);
                case MUL -> mv.visitInsn(IMUL);
                case DIV, MOD -> {
                    Label ok = new Label();
                    mv.visitInsn(DUP);
                    mv.visitJumpInsn(IFNE, ok);
                    fail(b, true);
                    mv.visitLabel(ok);
                    mv.visitInsn(op == Operator.DIV ? IDIV : IREM);
                }
                case EQ -> bool(IF_ICMPEQ);
                case NE -> bool(IF_ICMPNE);
                case LT -> bool(IF_ICMPLT);
                case LE -> bool(IF_ICMPLE);
                case GT -> bool(IF_ICMPGT);
                case GE -> bool(IF_ICMPGE);
                default -> throw new IllegalStateException("operator " + op);
            }
        }

        /**
         * Pushes the slot of {@code place} ({@link Place#slot}); an index out of range calls
         * {@code place.slot} itself, which throws the failure. {@code owner} is the node whose
         * interpreter is the fallback when the place's terms are unusual.
         */
        void slot(Place place, Object owner) {
            push(place.base);
            for (Place.Term t : place.terms) {
                int k = newLocal();
                expr(t.index());
                push(t.lo());
                mv.visitInsn(ISUB);
                mv.visitVarInsn(ISTORE, k);
                Label bad = new Label();
                Label ok = new Label();
                mv.visitVarInsn(ILOAD, k);
                mv.visitJumpInsn(IFLT, bad);
                mv.visitVarInsn(ILOAD, k);
                push(t.count());
                mv.visitJumpInsn(IF_ICMPLT, ok);
                mv.visitLabel(bad);
                nodes.load(mv, place, "ptecheck/compile/Place");
                mv.visitVarInsn(ALOAD, state);
                mv.visitMethodInsn(INVOKEVIRTUAL, "ptecheck/compile/Place", "slot", "([I)I", false);
                mv.visitMethodInsn(INVOKESTATIC, "ptecheck/compile/StepCompiler", "notThrown",
                        "()Ljava/lang/IllegalStateException;", false);
                mv.visitInsn(ATHROW);
                mv.visitLabel(ok);
                mv.visitVarInsn(ILOAD, k);
                push(t.stride());
                mv.visitInsn(IMUL);
                mv.visitInsn(IADD);
            }
        }

        /** The slot of {@code place} into a new local. */
        private int slotLocal(Place place, Object owner) {
            int l = newLocal();
            slot(place, owner);
            mv.visitVarInsn(ISTORE, l);
            return l;
        }

        /** Runs {@code actions} in order as {@link Actions#run} does; a stop jumps to {@code stop}. */
        void actions(Action[] actions, Label stop) {
            for (Action a : actions) {
                action(a, stop);
            }
        }

        private void action(Action a, Label stop) {
            if (nodes.interpreted.contains(a.getClass())) {
                interpret(a, stop);
            } else if (a instanceof Actions.Assign as) {
                assign(as);
            } else if (a instanceof Actions.If i) {
                Label otherwise = new Label();
                Label end = new Label();
                expr(i.cond);
                mv.visitJumpInsn(IFEQ, otherwise);
                actions(i.then, stop);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(otherwise);
                actions(i.otherwise, stop);
                mv.visitLabel(end);
            } else if (a instanceof Actions.Check c) {
                Label ok = new Label();
                expr(c.cond);
                mv.visitJumpInsn(IFNE, ok);
                fail(c, false);
                mv.visitLabel(ok);
            } else if (a instanceof Actions.Unlock u) {
                int slot = slotLocal(u.lock, u);
                Label ok = new Label();
                mv.visitVarInsn(ALOAD, state);
                mv.visitVarInsn(ILOAD, slot);
                mv.visitInsn(IALOAD);
                push(u.owner);
                mv.visitJumpInsn(IF_ICMPEQ, ok);
                fail(u, false);
                mv.visitLabel(ok);
                mv.visitVarInsn(ALOAD, state);
                mv.visitVarInsn(ILOAD, slot);
                mv.visitInsn(ICONST_0);
                mv.visitInsn(IASTORE);
            } else if (a instanceof Actions.SetPc p) {
                mv.visitVarInsn(ALOAD, state);
                push(p.slot);
                push(p.pc);
                mv.visitInsn(IASTORE);
            } else if (a instanceof Actions.Stop) {
                mv.visitJumpInsn(GOTO, stop);
            } else if (a instanceof Actions.CallBlock c) {
                Label end = new Label();
                actions(c.body, end); // a return ends the procedure, not the step
                mv.visitLabel(end);
            } else if (a instanceof Actions.ReadAcquire r) {
                int slot = slotLocal(r.lock, r);
                mv.visitVarInsn(ALOAD, state);
                mv.visitVarInsn(ILOAD, slot);
                mv.visitInsn(ICONST_1);
                mv.visitInsn(IADD);
                mv.visitInsn(DUP2);
                mv.visitInsn(IALOAD);
                push(Locks.bit(r.owner));
                mv.visitInsn(IOR);
                mv.visitInsn(IASTORE);
            } else {
                interpret(a, stop); // a kind this compiler does not know, or bookkeeping best left to it
            }
        }

        /** {@code if (!a.exec(w, scratch)) goto stop}: the node's own interpreter. */
        private void interpret(Action a, Label stop) {
            nodes.load(mv, a, "ptecheck/compile/Action");
            mv.visitVarInsn(ALOAD, state);
            mv.visitVarInsn(ALOAD, 2);
            mv.visitMethodInsn(INVOKEINTERFACE, "ptecheck/compile/Action", "exec", "([I" + SCRATCH + ")Z", true);
            mv.visitJumpInsn(IFEQ, stop);
        }

        /**
         * Every leaf is evaluated, then the slot, as in {@link Actions.Assign#exec}; then every
         * value is range-checked before any is stored, so that on a failure the state is as the
         * interpreter found it and re-running the assignment there throws its failure.
         */
        private void assign(Actions.Assign a) {
            int n = a.leaves.length;
            int[] values = new int[n];
            for (int i = 0; i < n; i++) {
                values[i] = newLocal();
                expr(a.leaves[i]);
                mv.visitVarInsn(ISTORE, values[i]);
            }
            int slot = a.target.isStatic() ? -1 : slotLocal(a.target, a);
            Label bad = new Label();
            boolean checks = false;
            for (int i = 0; i < n; i++) {
                Integer c = a.leaves[i].constant();
                if (c != null && c >= a.mins[i] && c <= a.maxs[i]) {
                    continue;
                }
                checks = true;
                mv.visitVarInsn(ILOAD, values[i]);
                push(a.mins[i]);
                mv.visitJumpInsn(IF_ICMPLT, bad);
                mv.visitVarInsn(ILOAD, values[i]);
                push(a.maxs[i]);
                mv.visitJumpInsn(IF_ICMPGT, bad);
            }
            Label ok = new Label();
            if (checks) {
                mv.visitJumpInsn(GOTO, ok);
                mv.visitLabel(bad);
                fail(a, false);
            }
            mv.visitLabel(ok);
            for (int i = 0; i < n; i++) {
                mv.visitVarInsn(ALOAD, state);
                if (slot < 0) {
                    push(a.target.base + i);
                } else {
                    mv.visitVarInsn(ILOAD, slot);
                    if (i > 0) {
                        push(i);
                        mv.visitInsn(IADD);
                    }
                }
                mv.visitVarInsn(ILOAD, values[i]);
                mv.visitInsn(IASTORE);
            }
        }
    }

    /** What the generated code throws after an interpreter that should have thrown did not. */
    public static IllegalStateException notThrown() {
        return new IllegalStateException("compiled step: the interpreter did not fail where the compiled code did");
    }

    /** IR nodes in an expression (counted up to just past {@code limit}), as a measure of the code it compiles to. */
    private static int size(IntExpr e, int limit) {
        int[] n = {0, limit};
        count(e, n);
        return n[0];
    }

    private static int size(Action[] actions, int limit) {
        int[] n = {0, limit};
        for (Action a : actions) {
            count(a, n);
        }
        return n[0];
    }

    private static void count(IntExpr e, int[] n) {
        n[0]++;
        if (n[0] > n[1]) {
            return; // over the limit already
        }
        if (e instanceof Eval.DynRead d) {
            count(d.place, n);
        } else if (e instanceof Eval.Neg x) {
            count(x.a, n);
        } else if (e instanceof Eval.Not x) {
            count(x.a, n);
        } else if (e instanceof Eval.And x) {
            count(x.a, n);
            count(x.b, n);
        } else if (e instanceof Eval.Or x) {
            count(x.a, n);
            count(x.b, n);
        } else if (e instanceof Eval.Binary x) {
            count(x.a, n);
            count(x.b, n);
        } else if (e instanceof Eval.Guarded x) {
            count(x.ok, n);
            count(x.value, n);
        } else if (e instanceof Eval.AtPc x) {
            n[0] += x.table.getOrDefault(x.label, new int[0]).length;
        }
    }

    private static void count(Place p, int[] n) {
        for (Place.Term t : p.terms) {
            n[0] += 2;
            count(t.index(), n);
        }
    }

    private static void count(Action a, int[] n) {
        n[0]++;
        if (n[0] > n[1]) {
            return; // over the limit already
        }
        if (a instanceof Actions.Assign x) {
            n[0] += x.leaves.length;
            for (IntExpr e : x.leaves) {
                count(e, n);
            }
            count(x.target, n);
        } else if (a instanceof Actions.If x) {
            count(x.cond, n);
            for (Action b : x.then) {
                count(b, n);
            }
            for (Action b : x.otherwise) {
                count(b, n);
            }
        } else if (a instanceof Actions.Check x) {
            count(x.cond, n);
        } else if (a instanceof Actions.Unlock x) {
            count(x.lock, n);
        } else if (a instanceof Actions.CallBlock x) {
            for (Action b : x.body) {
                count(b, n);
            }
        } else if (a instanceof Actions.ReadAcquire x) {
            count(x.lock, n);
        }
    }
}
