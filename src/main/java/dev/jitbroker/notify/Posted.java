package dev.jitbroker.notify;

/** Where a chat message landed (Slack channel id and message ts), so the outcome can update it later. */
public record Posted(String channel, String ts) {}
