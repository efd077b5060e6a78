package ptecheck.lang.check;

import java.util.List;
import ptecheck.lang.ast.SourceUnit;

/**
 * What the check passes look at: the spec, every unit (models first, the spec last) and their
 * shared namespace resolved with the constants' declared values. The passes use those values
 * only to show types in messages (a range as {@code 0..3}); what they decide does not depend on
 * them.
 */
public record Program(SourceUnit spec, List<SourceUnit> units, Symbols symbols) {}
