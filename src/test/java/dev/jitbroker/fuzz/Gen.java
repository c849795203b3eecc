package dev.jitbroker.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A generator of values from a seeded {@link Random}: the same seed gives the same values. The few combinators
 * the fuzzer needs (choice, weights, lists, mapping).
 */
@FunctionalInterface
interface Gen<T> {

  T next(Random random);

  default <U> Gen<U> map(Function<? super T, ? extends U> f) {
    return r -> f.apply(next(r));
  }

  default <U> Gen<U> flatMap(Function<? super T, Gen<U>> f) {
    return r -> f.apply(next(r)).next(r);
  }

  /** Lists of {@code min} to {@code max} values. */
  default Gen<List<T>> list(int min, int max) {
    return r -> {
      int n = min + r.nextInt(max - min + 1);
      List<T> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(next(r));
      }
      return values;
    };
  }

  static <T> Gen<T> just(T value) {
    return r -> value;
  }

  static <T> Gen<T> of(List<? extends T> values) {
    List<? extends T> copy = List.copyOf(values);
    return r -> copy.get(r.nextInt(copy.size()));
  }

  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    return of(List.of(values));
  }

  /** One of the generators, each as likely. */
  static <T> Gen<T> oneOf(List<Gen<? extends T>> gens) {
    List<Gen<? extends T>> copy = List.copyOf(gens);
    return r -> copy.get(r.nextInt(copy.size())).next(r);
  }

  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    return oneOf(List.of(gens));
  }

  /** A choice by weight: {@code Gen.<T>weighted().or(3, a).or(1, b)} picks a three times as often as b. */
  static <T> Weighted<T> weighted() {
    return new Weighted<>(List.of());
  }

  /** Each generator's value, in order. */
  static <T> Gen<List<T>> sequence(List<Gen<T>> gens) {
    List<Gen<T>> copy = List.copyOf(gens);
    return r -> {
      List<T> values = new ArrayList<>(copy.size());
      for (Gen<T> g : copy) {
        values.add(g.next(r));
      }
      return values;
    };
  }

  static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<A, B, R> f) {
    return r -> f.apply(a.next(r), b.next(r));
  }

  static Gen<Integer> ints(int min, int max) {
    return r -> min + r.nextInt(max - min + 1);
  }

  static Gen<Long> longs(long min, long max) {
    return r -> min + (long) (r.nextDouble() * (max - min));
  }

  static Gen<Boolean> bool() {
    return Random::nextBoolean;
  }

  /** Strings of {@code min} to {@code max} characters drawn from {@code from} to {@code to}. */
  static Gen<String> chars(char from, char to, int min, int max) {
    return r -> {
      int n = min + r.nextInt(max - min + 1);
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        b.append((char) (from + r.nextInt(to - from + 1)));
      }
      return b.toString();
    };
  }

  /** Letters and digits. */
  static Gen<String> alphanumeric(int min, int max) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    return r -> {
      int n = min + r.nextInt(max - min + 1);
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      return b.toString();
    };
  }

  /** A weighted choice between generators. */
  record Weighted<T>(List<Object[]> choices) implements Gen<T> {

    Weighted<T> or(int weight, Gen<? extends T> gen) {
      List<Object[]> more = new ArrayList<>(choices);
      if (weight > 0) {
        more.add(new Object[] {weight, gen});
      }
      return new Weighted<>(List.copyOf(more));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next(Random random) {
      int total = choices.stream().mapToInt(c -> (Integer) c[0]).sum();
      int pick = random.nextInt(total);
      for (Object[] c : choices) {
        pick -= (Integer) c[0];
        if (pick < 0) {
          return ((Gen<? extends T>) c[1]).next(random);
        }
      }
      throw new IllegalStateException("no choice");
    }
  }
}
