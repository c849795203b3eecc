package dev.jitbroker.grant;

/**
 * Why Azure would not give this access, found before approval (e.g. JIT is off on the managed
 * application, or the VM is not in a JIT policy).
 *
 * @param field the request field the caller should change ({@code scope}, {@code duration}, {@code network}...)
 * @param message what is wrong and what to do, for a person
 */
public record Refusal(String field, String message) {}
