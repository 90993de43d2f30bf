package dev.converge.model;

import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The AWS regions Converge knows by name. The list comes from the AWS SDK, which only {@code aws} may
 * use, so {@code aws} provides it as a service ({@code META-INF/services}) and validation finds it here
 * without depending on the SDK.
 */
public interface RegionCatalog {

    /** Region names such as {@code us-east-1}, without the SDK's pseudo-regions ({@code aws-global}). */
    Set<String> regions();

    /** The catalog on the class path, if any. */
    static Optional<RegionCatalog> installed() {
        return ServiceLoader.load(RegionCatalog.class, RegionCatalog.class.getClassLoader()).findFirst();
    }
}
