package ptecheck.explore;

/** The verdict of a search. */
public enum Outcome {
    /** Every reachable state was explored and nothing was violated. */
    PASS,
    /** A counterexample was found. */
    VIOLATION,
    /** The state bound stopped the search before it found a violation or explored everything. */
    INCOMPLETE
}
