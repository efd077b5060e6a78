package ptecheck.explore;

/** One run of a state-space search over a transition system. */
public interface Search {

    /** Explores until a violation, the state bound or the end of the state space. */
    SearchResult run();
}
