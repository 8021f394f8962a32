package io.pools4j.futures;

import java.io.Serializable;

/** Two arguments zipped from two iterables, Python's {@code zip(xs, ys)} element. */
record Pair<A, B>(A first, B second) implements Serializable {}
