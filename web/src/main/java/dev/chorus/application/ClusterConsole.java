package dev.chorus.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The operator's view of the cluster: every member, behind the operator credential (401 otherwise). */
@ApplicationScoped
public class ClusterConsole {

    @Inject
    ClusterStatus status;

    public List<ClusterStatus.Member> members(Caller caller) {
        if (!caller.operator()) {
            throw new AccessDeniedException("The cluster view needs the operator credential");
        }
        return status.members();
    }
}
