package ptecheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StatementsTest {

    @Test
    void aStepInsideAnInlinedCallSplitsIntoCallSiteAndStatement() {
        Statements.Call c = Statements.call("var old = ptep_modify_prot_start(pt[p]) > atomic { var old = ptep }");
        assertEquals("var old = ptep_modify_prot_start(pt[p])", c.site());
        assertEquals("atomic { var old = ptep }", c.statement());
    }

    @Test
    void comparisonsInsideTheCallArgumentsOrTheStatementDoNotSplit() {
        Statements.Call c = Statements.call("f(a > b, pt[x > 0 ? 1 : 0]) > y = a > b");
        assertEquals("f(a > b, pt[x > 0 ? 1 : 0])", c.site());
        assertEquals("y = a > b", c.statement());
    }

    @Test
    void aPlainStatementWithAComparisonIsNotACall() {
        assertNull(Statements.call("if x > 0"));
        assertNull(Statements.call("y = a > b"));
        assertNull(Statements.call("lock ptl"));
    }

    @Test
    void declarationsLoseTheirVar() {
        assertEquals("old = pt[p]", Statements.plain("var old = pt[p]"));
        assertEquals("pt[p] = old", Statements.plain("pt[p] = old"));
    }
}
