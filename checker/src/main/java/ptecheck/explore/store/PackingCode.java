package ptecheck.explore.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@link StatePacker}'s loops as code generated for one layout: {@link #unpack} decodes a state
 * slot by slot with each slot's word, shift, mask and minimum as constants, and {@link #repack}
 * packs a successor into its parent's packed words group by group, each word the group writes
 * loaded and stored once however many of its slots the group writes.
 *
 * <p>A BFS worker unpacks every state it expands (72 slots on change_pte_range 3x3) and packs
 * every successor it generates (16 per state there); the loops read six parallel arrays per
 * slot, which the generated code does not. One hidden class per {@value #CHUNK} groups, and one
 * method per {@value #MAX_SLOTS} slots, keep every method well under the JIT's size limit.
 * Immutable and thread-safe.
 */
public final class PackingCode {
    /** Groups per hidden class. */
    static final int CHUNK = 256;
    /** Slots per generated method at most: more are packed by {@link StatePacker#repack}'s loop. */
    static final int MAX_SLOTS = 200;

    private final Code[] chunks;
    private final Unpack unpack;

    /**
     * Code for {@code packer}'s layout that rewrites, for each group {@code g}, the slots at
     * {@code packedIndexes[g]} (as {@link StatePacker#packedIndexes} gives them).
     */
    public PackingCode(StatePacker packer, int[][] packedIndexes) {
        chunks = new Code[(packedIndexes.length + CHUNK - 1) / CHUNK];
        for (int c = 0; c < chunks.length; c++) {
            int from = c * CHUNK;
            int to = Math.min(packedIndexes.length, from + CHUNK);
            chunks[c] = compile(packer, java.util.Arrays.copyOfRange(packedIndexes, from, to));
        }
        unpack = compileUnpack(packer);
    }

    /** Decodes the state at {@code src[offset ..]} into {@code dst}, as {@link StatePacker#unpack} does. */
    public void unpack(long[] src, int offset, int[] dst) {
        unpack.unpack(src, offset, dst);
    }

    /**
     * Rewrites in {@code dst[0 .. packer.words())} group {@code group}'s slots with their values
     * in {@code state}, as {@link StatePacker#repack} does.
     *
     * @throws IllegalArgumentException when a value lies outside its slot's range
     */
    public void repack(int group, int[] state, long[] dst) {
        chunks[group / CHUNK].repack(group % CHUNK, state, dst);
    }

    /** The base of the generated classes; {@code local} is the group's number within the chunk. */
    abstract static class Code {
        final StatePacker packer;
        final int[][] slots;

        Code(StatePacker packer, int[][] slots) {
            this.packer = packer;
            this.slots = slots;
        }

        abstract void repack(int local, int[] state, long[] dst);

        /** The generated code's fallback for a group of many slots, and its failure path. */
        final void loop(int local, int[] state, long[] dst) {
            packer.repack(state, dst, 0, slots[local]);
        }
    }

    /** The base of the generated unpacking class. */
    abstract static class Unpack {
        abstract void unpack(long[] src, int offset, int[] dst);
    }

    private static final String UNPACK_BASE = "ptecheck/explore/store/PackingCode$Unpack";
    private static final String UNPACK_NAME = "ptecheck/explore/store/GeneratedUnpack";
    private static final String UNPACK = "([JI[I)V";

    /**
     * {@code unpack(src, offset, dst)}: calls {@code u0 .. u<m>}, each of which decodes up to
     * {@value #MAX_SLOTS} slots: {@code dst[i] = (int) (word >>> shift & mask) + min}, or the
     * slot's only value for a slot of no bits.
     */
    private static Unpack compileUnpack(StatePacker packer) {
        ClassWriter cw = writer();
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, UNPACK_NAME, null, UNPACK_BASE, null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, UNPACK_BASE, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        // Every slot of the vector, in order: a packed slot's k, or ~slot for one of no bits.
        int[] all = new int[packer.slots()];
        boolean[] packed = new boolean[packer.slots()];
        for (int k = 0; k < packer.packedSlots(); k++) {
            packed[packer.packedSlot(k)] = true;
        }
        for (int i = 0, k = 0; i < all.length; i++) {
            all[i] = packed[i] ? k++ : ~i;
        }
        int methods = (all.length + MAX_SLOTS - 1) / MAX_SLOTS;
        for (int m = 0; m < methods; m++) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "u" + m, UNPACK, null, null);
            mv.visitCode();
            for (int i = m * MAX_SLOTS; i < Math.min(all.length, (m + 1) * MAX_SLOTS); i++) {
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                if (all[i] < 0) {
                    push(mv, ~all[i]);
                    push(mv, packer.constantValue(~all[i]));
                    mv.visitInsn(Opcodes.IASTORE);
                    continue;
                }
                int k = all[i];
                int w = packer.packedWord(k);
                int sh = packer.packedShift(k);
                push(mv, packer.packedSlot(k));
                loadWord(mv, w);
                if (sh > 0) {
                    push(mv, sh);
                    mv.visitInsn(Opcodes.LUSHR);
                }
                if (sh + packer.packedBits(k) > 64) {
                    loadWord(mv, w + 1);
                    push(mv, 64 - sh);
                    mv.visitInsn(Opcodes.LSHL);
                    mv.visitInsn(Opcodes.LOR);
                }
                mv.visitLdcInsn(packer.packedMask(k));
                mv.visitInsn(Opcodes.LAND);
                mv.visitInsn(Opcodes.L2I);
                long min = packer.packedMin(k);
                if (min != 0) {
                    push(mv, (int) min);
                    mv.visitInsn(Opcodes.IADD);
                }
                mv.visitInsn(Opcodes.IASTORE);
            }
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_FINAL, "unpack", UNPACK, null, null);
        mv.visitCode();
        for (int m = 0; m < methods; m++) {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitVarInsn(Opcodes.ALOAD, 3);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, UNPACK_NAME, "u" + m, UNPACK, false);
        }
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(cw.toByteArray(), true);
            return (Unpack) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("defining the generated unpacking failed", e);
        }
    }

    /** {@code src[offset + w]}, in a static {@code u<m>(long[] src, int offset, int[] dst)}. */
    private static void loadWord(MethodVisitor mv, int w) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        if (w > 0) {
            push(mv, w);
            mv.visitInsn(Opcodes.IADD);
        }
        mv.visitInsn(Opcodes.LALOAD);
    }

    private static ClassWriter writer() {
        return new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object"; // frames merge only arrays, never read as their type
            }
        };
    }

    private static final String BASE = "ptecheck/explore/store/PackingCode$Code";
    private static final String NAME = "ptecheck/explore/store/GeneratedRepack";
    private static final String PACKER = "Lptecheck/explore/store/StatePacker;";
    private static final String SLOTS = "[[I";
    private static final String REPACK = "(I[I[J)V";

    private static Code compile(StatePacker packer, int[][] slots) {
        ClassWriter cw = writer();
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, BASE, null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "(" + PACKER + SLOTS + ")V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ALOAD, 1);
        init.visitVarInsn(Opcodes.ALOAD, 2);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, BASE, "<init>", "(" + PACKER + SLOTS + ")V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        for (int g = 0; g < slots.length; g++) {
            groupMethod(cw, packer, slots[g], g);
        }
        dispatch(cw, slots.length);
        cw.visitEnd();
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(cw.toByteArray(), true);
            return (Code) lookup.findConstructor(lookup.lookupClass(),
                    MethodType.methodType(void.class, StatePacker.class, int[][].class)).invoke(packer, slots);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("defining the generated repacker failed", e);
        }
    }

    /** {@code repack(local, s, d)}: a switch that calls each group's method. */
    private static void dispatch(ClassWriter cw, int n) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_FINAL, "repack", REPACK, null, null);
        mv.visitCode();
        Label[] cases = new Label[n];
        for (int i = 0; i < n; i++) {
            cases[i] = new Label();
        }
        Label bad = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitTableSwitchInsn(0, n - 1, bad, cases);
        for (int i = 0; i < n; i++) {
            mv.visitLabel(cases[i]);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitVarInsn(Opcodes.ALOAD, 3);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, NAME, "r" + i, REPACK, false);
            mv.visitInsn(Opcodes.RETURN);
        }
        mv.visitLabel(bad);
        mv.visitTypeInsn(Opcodes.NEW, "java/lang/IndexOutOfBoundsException");
        mv.visitInsn(Opcodes.DUP);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IndexOutOfBoundsException", "<init>", "()V", false);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * {@code private void r<local>(int local, int[] s, long[] d)}: for each word the slots touch,
     * {@code d[w] = d[w] & ~cleared | (s[i] - min) << shift | ...}, a value out of its range
     * handing over to {@link Code#loop}, which throws {@link StatePacker}'s error.
     */
    private static void groupMethod(ClassWriter cw, StatePacker packer, int[] slots, int local) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE, "r" + local, REPACK, null, null);
        mv.visitCode();
        Label fail = new Label();
        if (slots.length > MAX_SLOTS) {
            mv.visitJumpInsn(Opcodes.GOTO, fail);
        } else {
            final int word = 4; // long local: the word being built
            final int value = 6; // long local: a slot's value minus its minimum
            for (int w = 0; w < packer.words(); w++) {
                long cleared = 0;
                boolean touched = false;
                for (int k : slots) {
                    int sh = packer.packedShift(k);
                    long m = packer.packedMask(k);
                    if (packer.packedWord(k) == w) {
                        cleared |= m << sh;
                        touched = true;
                    } else if (packer.packedWord(k) == w - 1 && sh + packer.packedBits(k) > 64) {
                        cleared |= m >>> (64 - sh);
                        touched = true;
                    }
                }
                if (!touched) {
                    continue;
                }
                mv.visitVarInsn(Opcodes.ALOAD, 3);
                push(mv, w);
                mv.visitInsn(Opcodes.LALOAD);
                mv.visitLdcInsn(~cleared);
                mv.visitInsn(Opcodes.LAND);
                mv.visitVarInsn(Opcodes.LSTORE, word);
                for (int k : slots) {
                    int sh = packer.packedShift(k);
                    boolean low = packer.packedWord(k) == w;
                    boolean high = packer.packedWord(k) == w - 1 && sh + packer.packedBits(k) > 64;
                    if (!low && !high) {
                        continue;
                    }
                    // v = (long) s[i] - min, checked against the mask where its low part is packed
                    mv.visitVarInsn(Opcodes.ALOAD, 2);
                    push(mv, packer.packedSlot(k));
                    mv.visitInsn(Opcodes.IALOAD);
                    mv.visitInsn(Opcodes.I2L);
                    mv.visitLdcInsn(packer.packedMin(k));
                    mv.visitInsn(Opcodes.LSUB);
                    mv.visitVarInsn(Opcodes.LSTORE, value);
                    if (low) {
                        mv.visitVarInsn(Opcodes.LLOAD, value);
                        mv.visitLdcInsn(~packer.packedMask(k));
                        mv.visitInsn(Opcodes.LAND);
                        mv.visitInsn(Opcodes.LCONST_0);
                        mv.visitInsn(Opcodes.LCMP);
                        mv.visitJumpInsn(Opcodes.IFNE, fail);
                    }
                    mv.visitVarInsn(Opcodes.LLOAD, word);
                    mv.visitVarInsn(Opcodes.LLOAD, value);
                    push(mv, low ? sh : 64 - sh);
                    mv.visitInsn(low ? Opcodes.LSHL : Opcodes.LUSHR);
                    mv.visitInsn(Opcodes.LOR);
                    mv.visitVarInsn(Opcodes.LSTORE, word);
                }
                mv.visitVarInsn(Opcodes.ALOAD, 3);
                push(mv, w);
                mv.visitVarInsn(Opcodes.LLOAD, word);
                mv.visitInsn(Opcodes.LASTORE);
            }
            mv.visitInsn(Opcodes.RETURN);
        }
        // Words stored before the failing slot are rewritten by the loop, which then throws.
        mv.visitLabel(fail);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BASE, "loop", REPACK, false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void push(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }
}
