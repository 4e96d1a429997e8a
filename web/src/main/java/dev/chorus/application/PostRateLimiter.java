package dev.chorus.application;

import java.time.Duration;

/** Counts posts per client address across the cluster. */
public interface PostRateLimiter {

    /** Records a post when allowed and returns zero; otherwise returns how long to wait (nothing recorded). */
    Duration tryAcquire(String clientAddress);
}
