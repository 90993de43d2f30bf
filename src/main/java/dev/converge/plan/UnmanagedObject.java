package dev.converge.plan;

/**
 * An object of a managed kind within an environment's reach that carries no Converge tag: no spec
 * describes it, and Converge never changes it, only shows it.
 *
 * @param awsId the id AWS knows it by (a group id, a bucket name)
 * @param name its {@code Name} tag, or null
 * @param vpc the VPC it lives in, by spec name when Converge manages that VPC; null for buckets
 */
public record UnmanagedObject(String kind, String awsId, String name, String vpc) {}
