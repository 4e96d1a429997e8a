package dev.chorus.application;

/** Who is calling: the client address the rate limit counts, and whether the bot credential was presented. */
public record Caller(String address, boolean bot) {
}
