package dev.chorus.application;

import java.util.List;

/**
 * Every member of the cluster as the operator's console shows it: the grid's member list joined with the state
 * each member publishes about itself (the grid adapter answers; docs/api.md, {@code GET /api/cluster}).
 */
public interface ClusterStatus {

    /**
     * One member. {@code seen}: in this member's view of the cluster now. {@code serving}: it published its state
     * within the last few seconds (its application is deployed and running). {@code writes}: {@code "accepted"},
     * {@code "refused"} (then {@code reason} says why) or {@code "unknown"} (nothing published yet).
     * {@code publishedAt}: when it last published, by its clock (0: never).
     */
    record Member(String id, String address, boolean local, boolean seen, boolean serving, String writes,
                  String reason, int clusterSize, long merges, long windowTakeOvers, long publishedAt) {
    }

    List<Member> members();
}
