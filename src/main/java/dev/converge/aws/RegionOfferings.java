package dev.converge.aws;

import dev.converge.model.Environment;
import dev.converge.plan.RegionOffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;

/**
 * Looks up what an account's region offers: its zones ({@code DescribeAvailabilityZones}) and which of
 * the declared instance types it offers ({@code DescribeInstanceTypeOfferings}). Both rarely change, so
 * answers are kept per account and region for {@link #TTL}, in memory. A lookup that fails is only
 * logged and leaves the answer unknown: AWS still refuses what it does not offer at create time, and a
 * missing permission must not stop every pass.
 */
public final class RegionOfferings {

    public static final Duration TTL = Duration.ofHours(1);

    private static final Logger LOG = Logger.getLogger(RegionOfferings.class);

    /**
     * The account as the spec names it (the account id, else the role's ARN); an environment that names
     * neither runs on the controller's own credentials, one account.
     */
    private record Place(String account, String region) {

        static Place of(Environment environment) {
            String account = environment.accountId() != null ? environment.accountId()
                    : environment.roleArn() != null ? environment.roleArn() : "";
            return new Place(account, environment.region());
        }
    }

    private record Fetched<T>(T value, Instant at) {}

    private final Clock clock;
    private final Map<Place, Fetched<SortedSet<String>>> zones = new ConcurrentHashMap<>();
    private final Map<Place, Map<String, Fetched<Boolean>>> instanceTypes = new ConcurrentHashMap<>();

    public RegionOfferings() {
        this(Clock.systemUTC());
    }

    RegionOfferings(Clock clock) {
        this.clock = clock;
    }

    public RegionOffer offer(Environment environment, AwsClients aws, RegionOffer.Wanted wanted) {
        Place place = Place.of(environment);
        Optional<SortedSet<String>> offeredZones = wanted.zones() ? zones(place, aws.ec2()) : Optional.empty();
        return new RegionOffer(environment.region(), offeredZones, instanceTypes(place, aws.ec2(), wanted));
    }

    private Optional<SortedSet<String>> zones(Place place, Ec2Client ec2) {
        Fetched<SortedSet<String>> known = zones.get(place);
        if (fresh(known)) {
            return Optional.of(known.value());
        }
        try {
            // only the zones enabled for the account: a Local Zone it has not opted into is not one it can use
            SortedSet<String> names = new TreeSet<>();
            ec2.describeAvailabilityZones(r -> r.allAvailabilityZones(false)).availabilityZones().stream()
                    .map(AvailabilityZone::zoneName)
                    .forEach(names::add);
            if (names.isEmpty()) {
                return Optional.empty();
            }
            zones.put(place, new Fetched<>(names, clock.instant()));
            return Optional.of(names);
        } catch (RuntimeException e) {
            LOG.warnf("cannot look up the zones of %s: %s; zones are not checked in this pass", place.region(),
                    AwsFailures.describe(e));
            return Optional.empty();
        }
    }

    private Map<String, Boolean> instanceTypes(Place place, Ec2Client ec2, RegionOffer.Wanted wanted) {
        Map<String, Fetched<Boolean>> known = instanceTypes.computeIfAbsent(place, p -> new ConcurrentHashMap<>());
        List<String> unknown = new ArrayList<>();
        Map<String, Boolean> answer = new HashMap<>();
        for (String type : wanted.instanceTypes()) {
            Fetched<Boolean> fetched = known.get(type);
            if (fresh(fetched)) {
                answer.put(type, fetched.value());
            } else {
                unknown.add(type);
            }
        }
        if (unknown.isEmpty()) {
            return answer;
        }
        try {
            Instant now = clock.instant();
            TreeSet<String> offered = new TreeSet<>();
            ec2.describeInstanceTypeOfferingsPaginator(r -> r.locationType(LocationType.REGION).maxResults(PageSizes.EC2)
                            .filters(Filter.builder().name("instance-type").values(unknown).build()))
                    .instanceTypeOfferings().stream()
                    .map(InstanceTypeOffering::instanceTypeAsString)
                    .forEach(offered::add);
            for (String type : unknown) {
                known.put(type, new Fetched<>(offered.contains(type), now));
                answer.put(type, offered.contains(type));
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot look up the instance types offered in %s: %s; they are not checked in this pass",
                    place.region(), AwsFailures.describe(e));
        }
        return answer;
    }

    private boolean fresh(Fetched<?> fetched) {
        return fetched != null && fetched.at().plus(TTL).isAfter(clock.instant());
    }
}
