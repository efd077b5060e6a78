package ptecheck.compile;

/**
 * A built-in property that treats every process and interrupt handler alike, looking at them
 * only through their own slots (pc, pending flag) and owner ids. Renaming CPUs moves those
 * slots between handlers of the same kind, so such a property holds in a renamed state exactly
 * when it holds in the original, provided no lock ever holds the owner id of a renamed
 * handler: {@link SymmetryDetector} ensures that, because a handler's lock operations carry
 * its owner id as a constant and so differ in text from its twin's on another CPU.
 */
interface RenamingInvariant {}
