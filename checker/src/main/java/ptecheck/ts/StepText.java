package ptecheck.ts;

import java.util.List;

/**
 * How a step reads in the state it fires in, for traces: the statement with loop variables and
 * indices replaced by their values ({@code pt[p]} is {@code pt[1]}), code that constants fold
 * away left out, a compound statement on several lines, and the inlined calls it is inside of.
 * {@link GroupInfo#text} stays the statement as written, which identifies the step.
 */
public interface StepText {

    /**
     * An inlined call the step is inside of.
     *
     * @param id tells calls apart within one actor: two steps are in the same call when their ids match
     * @param site the call statement as it reads in the state
     * @param first true when this step is the first of the call
     */
    record Call(int id, String site, boolean first) {}

    /** The calls the step is inside of, outermost first; empty outside procedures. */
    List<Call> calls(int[] before);

    /** The statement, one line, or several indented by two spaces per level ({@code atomic {}). */
    List<String> lines(int[] before);
}
