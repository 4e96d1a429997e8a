package dev.chorus.application;

import java.util.Set;

/** Which members the cluster has now (the grid adapter answers from its membership view). */
public interface ClusterMembers {

    /** This member's id: stable while it runs, unique in the cluster. */
    String localMemberId();

    /** The ids of every member this one sees now, itself included. */
    Set<String> liveMemberIds();
}
