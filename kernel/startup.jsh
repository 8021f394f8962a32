// Run by the pools4j kernel before the first cell (kernel/pools4j-kernel passes its path).
// Each snippet runs on its own: an import that fails is reported on the kernel's stderr and
// the rest still applies.

// JShell's default imports: the JShell API starts with java.lang only (the jshell tool adds
// these from its DEFAULT start-up), and notebook users expect them.
import java.io.*;
import java.math.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.*;
import java.util.prefs.*;
import java.util.regex.*;
import java.util.stream.*;

// pools4j: serializable lambdas and concurrent.futures.
import io.pools4j.fn.*;
import io.pools4j.futures.*;
// java.util.concurrent.* and io.pools4j.futures.* both hold a Future, an Executor and a
// ThreadPoolExecutor; two on-demand imports of the same simple name make it ambiguous, and
// Java resolves a single-type import before any on-demand one, so these lines make them
// mean pools4j's in a cell (java.util.concurrent's stay reachable by their full names).
import io.pools4j.futures.Future;
import io.pools4j.futures.Executor;
import io.pools4j.futures.ThreadPoolExecutor;
import io.pools4j.Interrupts;
// multiprocessing (its StartMethod is ProcessPoolExecutor's too, as Python's mp_context is): its module
// functions unqualified, as after Python's `from multiprocessing import *` (getContext("spawn"),
// setStartMethod(...), cpuCount(), currentProcess(), activeChildren()), and its classes on demand.
// java.lang, java.util and java.util.concurrent hold a Process, a Queue, a Semaphore and a
// BrokenBarrierException of their own, and java.util.concurrent.locks and java.lang.reflect a Lock,
// a Condition and an Array: the single-type imports make these names pools4j's in a cell, also
// after a cell imports one of those packages with `*` (theirs stay reachable by their full names:
// java.util.Queue, java.util.concurrent.Semaphore).
// One on-demand import, not one per class: JShell compiles each import as a snippet of its own, and
// forty of them took about half a second of the kernel's start.
import static io.pools4j.multiprocessing.Multiprocessing.*;
import io.pools4j.multiprocessing.*;
import io.pools4j.multiprocessing.Process;
import io.pools4j.multiprocessing.Queue;
import io.pools4j.multiprocessing.Semaphore;
import io.pools4j.multiprocessing.BrokenBarrierException;
import io.pools4j.multiprocessing.Lock;
import io.pools4j.multiprocessing.Condition;
import io.pools4j.multiprocessing.Array;
import io.pools4j.multiprocessing.Multiprocessing.Force;

// Notebook helpers: display(obj) and the renderer registry, durations.
import static io.pools4j.kernel.Display.display;
import io.pools4j.kernel.Display;
import java.time.Duration;

// The notebook kit: Timeline (which worker ran which task), Charts, Progress, Notebook.show.
import io.pools4j.notebook.*;

// Charts (XChart) and tables (Tablesaw) for the course's chart and table cells.
import org.knowm.xchart.*;
import org.knowm.xchart.style.*;
import org.knowm.xchart.style.markers.*;
import tech.tablesaw.api.*;
import java.awt.image.BufferedImage;
