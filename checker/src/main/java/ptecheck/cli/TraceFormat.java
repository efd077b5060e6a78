package ptecheck.cli;

/** The formats of {@code --trace-format}. Lower case: they are what the user types. */
enum TraceFormat {
    /** Steps with the variables they changed, for a terminal. */
    text,
    /** The CPU 0 / CPU 1 race diagram of kernel commit messages. */
    kernel,
    /** Apalache's Informal Trace Format, for tools and for {@code ptecheck replay}. */
    json,
    /** One self-contained page with a swimlane per CPU. */
    html;

    /** A document that is the whole output (not a paragraph of the report). */
    boolean document() {
        return this == json || this == html;
    }
}
