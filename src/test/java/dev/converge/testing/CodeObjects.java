package dev.converge.testing;

import dev.converge.local.LocalCodeObjects;
import dev.converge.model.Environment;
import dev.converge.model.FunctionSpec;
import dev.converge.model.Resource;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The deployment packages functions are created from (as {@link LocalCodeObjects} makes them), put where a build pipeline would: in the external
 * buckets the specs name, which Converge never manages. Lambda (and moto) read the object when a function
 * is created or its code updated; moto never runs it.
 */
public final class CodeObjects {

    private CodeObjects() {}

    /** Publishes a package for every function of the spec whose code is in an external bucket. */
    public static void publishFor(Harness harness, Environment environment, List<Resource> resources) {
        S3Client s3 = harness.aws(environment).s3();
        resources.stream()
                .filter(r -> r.spec() instanceof FunctionSpec)
                .map(r -> r.spec(FunctionSpec.class).code())
                .filter(code -> code.externalBucket() != null)
                .forEach(code -> publish(s3, code.externalBucket(), code.key(), "def handler(event, context):\n    return None\n"));
    }

    /** Puts a zip holding {@code index.py} with the given source at the key, creating the bucket if need be. */
    public static String publish(S3Client s3, String bucket, String key, String source) {
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(r -> r.bucket(bucket));
        }
        return s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(LocalCodeObjects.zip(source))).eTag();
    }
}
