package io.pools4j.worker;

import io.pools4j.fn.Action;
import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import io.pools4j.fn.Fn2;
import io.pools4j.fn.Fn3;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A function and its arguments as one task, so that an argument that cannot be sent is named by
 * its position ("argument 1 of type java.net.Socket").
 *
 * <p><b>CPython:</b> {@code concurrent.futures.process._CallItem} (fn, args, kwargs).
 *
 * @param <R> the result type
 */
public final class Call<R> implements Fn0<R> {

    private final Serializable fn;
    private final Object[] args;

    private Call(Serializable fn, Object... args) {
        this.fn = fn;
        this.args = args;
    }

    public static <R> Call<R> of(Fn0<R> fn) {
        return new Call<>(fn);
    }

    public static <A, R> Call<R> of(Fn1<A, R> fn, A a) {
        return new Call<>(fn, a);
    }

    public static <A, B, R> Call<R> of(Fn2<A, B, R> fn, A a, B b) {
        return new Call<>(fn, a, b);
    }

    public static <A, B, C, R> Call<R> of(Fn3<A, B, C, R> fn, A a, B b, C c) {
        return new Call<>(fn, a, b, c);
    }

    public static Call<Void> of(Action action) {
        return new Call<>(action);
    }

    /** A call rebuilt in the worker from its decoded function and arguments (the CALL task form). */
    static Call<?> bind(Serializable fn, Object[] args) {
        return new Call<>(fn, args);
    }

    /** The arguments themselves, not a copy: for the packer, which only reads them. */
    Object[] argsView() {
        return args;
    }

    /** The function (a {@code io.pools4j.fn} type). */
    public Serializable fn() {
        return fn;
    }

    /** A copy of the arguments, in order. */
    public Object[] args() {
        return args.clone();
    }

    @Override
    @SuppressWarnings("unchecked")
    public R call() throws Exception {
        return switch (fn) {
            case Fn0<?> f -> (R) f.call();
            case Fn1<?, ?> f -> ((Fn1<Object, R>) f).apply(args[0]);
            case Fn2<?, ?, ?> f -> ((Fn2<Object, Object, R>) f).apply(args[0], args[1]);
            case Fn3<?, ?, ?, ?> f -> ((Fn3<Object, Object, Object, R>) f).apply(args[0], args[1], args[2]);
            case Action a -> {
                a.run();
                yield null;
            }
            default -> throw new IllegalStateException("not an io.pools4j.fn function: " + fn.getClass().getName());
        };
    }

    @Override
    public String toString() {
        return "Call[" + fn + ", args=" + Arrays.toString(args) + "]";
    }
}
