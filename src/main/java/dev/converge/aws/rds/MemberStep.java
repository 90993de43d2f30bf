package dev.converge.aws.rds;

/** One change to a cluster's instances. */
public record MemberStep(Kind kind, String instanceId, String instanceClass) {

    public enum Kind {
        CREATE,
        /** Makes the instance the writer. */
        FAILOVER,
        DELETE
    }

    public static MemberStep create(String instanceId, String instanceClass) {
        return new MemberStep(Kind.CREATE, instanceId, instanceClass);
    }

    public static MemberStep failover(String instanceId) {
        return new MemberStep(Kind.FAILOVER, instanceId, null);
    }

    public static MemberStep delete(String instanceId) {
        return new MemberStep(Kind.DELETE, instanceId, null);
    }
}
