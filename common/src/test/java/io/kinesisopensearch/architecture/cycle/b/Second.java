package io.kinesisopensearch.architecture.cycle.b;

import io.kinesisopensearch.architecture.cycle.a.First;

/** The other half of a package cycle, for the architecture rules' own test. */
public final class Second {
    First back;
}
