package io.kinesisopensearch.architecture.cycle.a;

import io.kinesisopensearch.architecture.cycle.b.Second;

/** Half of a package cycle, for the architecture rules' own test. */
public final class First {
    Second next;
}
