package dev.converge.aws.rds;

import java.time.Instant;

/**
 * One instance of an Aurora cluster as observed.
 *
 * @param writer whether it is the cluster's writer now; which instance that is is AWS's business, not drift
 * @param available whether it can take over as writer
 * @param created when AWS created it, for removing the newest readers first; null while it is being created
 * @param owned whether it carries this controller's ownership tags for the cluster, without which it is never deleted
 */
public record Member(String id, String instanceClass, boolean writer, boolean available, Instant created, boolean owned) {}
