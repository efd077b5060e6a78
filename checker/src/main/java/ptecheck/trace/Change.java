package ptecheck.trace;

/** One variable whose value a step changed, rendered as text. */
public record Change(String variable, String before, String after) {}
