package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ptecheck.lang.check.Operator;
import ptecheck.ts.StepFailure;

/** The operators' one table: compiled expressions, constant folding and interval bounds agree with it. */
class OperatorSemanticsTest {

    @Test
    void compiledExpressionsAndConstantFoldingComputeWhatTheTableSays() {
        for (Operator op : Operator.values()) {
            for (int x = -3; x <= 3; x++) {
                for (int y = -3; y <= 3; y++) {
                    IntExpr run = new Eval.Binary(op, new Eval.Read(0), new Eval.Read(1), null);
                    int[] state = {x, y};
                    if (op.canFail() && y == 0) {
                        StepFailure f = assertThrows(StepFailure.class, () -> run.eval(state));
                        assertEquals(Violation.DIVISION_BY_ZERO.id(), f.property());
                        assertNull(Eval.binary(op, Eval.constant(x), Eval.constant(y), null).constant(),
                                "a constant division by zero is left to fail at run time, with a trace");
                        continue;
                    }
                    String what = x + " " + op.symbol() + " " + y;
                    assertEquals(op.apply(x, y), run.eval(state), what);
                    assertEquals(op.apply(x, y), Eval.binary(op, Eval.constant(x), Eval.constant(y), null).constant(), what);
                }
            }
        }
    }

    @Test
    void intervalBoundsContainEveryValue() {
        for (Operator op : Operator.values()) {
            for (int lo1 = -3; lo1 <= 2; lo1++) {
                for (int lo2 = -3; lo2 <= 2; lo2++) {
                    long[] r = op.range(new long[] {lo1, lo1 + 1}, new long[] {lo2, lo2 + 1});
                    if (op.canFail()) {
                        assertNull(r, op + " has no bounds");
                        continue;
                    }
                    assertNotNull(r, op.symbol());
                    for (int x = lo1; x <= lo1 + 1; x++) {
                        for (int y = lo2; y <= lo2 + 1; y++) {
                            int v = op.apply(x, y);
                            assertTrue(r[0] <= v && v <= r[1], x + " " + op.symbol() + " " + y + " = " + v);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyOperatorIsFoundByItsSymbolAndHasOneKind() {
        for (Operator op : Operator.values()) {
            assertEquals(op, Operator.of(op.symbol()));
            int kinds = (op.arithmetic() ? 1 : 0) + (op.ordering() ? 1 : 0) + (op.equality() ? 1 : 0) + (op.logical() ? 1 : 0);
            assertEquals(1, kinds, op.symbol());
        }
        assertNull(Operator.of("<>"));
    }
}
