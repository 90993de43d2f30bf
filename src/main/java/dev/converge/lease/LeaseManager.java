package dev.converge.lease;

import dev.converge.engine.EnvironmentOwnership;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * This replica's side of the environment leases: one {@code coordination.k8s.io/v1} Lease per
 * environment, held by at most one replica, and one membership Lease per replica that tells the others
 * how many replicas are alive. Every {@link #tick()} (each renew period) renews what it holds, lets go
 * of what is over its fair share (ceil(environments / live replicas)) and takes free or expired leases
 * up to that share.
 *
 * <p>A replica may mutate an environment until its last successful renewal plus the duration less the
 * margin, by its own monotonic clock; a renewal that fails ends that at once. Letting go is the same:
 * mutation stops first, and the lease is handed back only a margin later, after steps already begun.
 * Optimistic concurrency on the Lease's resourceVersion settles two replicas reaching for one lease.
 */
public final class LeaseManager implements EnvironmentOwnership {

    private static final Logger LOG = Logger.getLogger(LeaseManager.class);

    static final String CONTROLLER_LABEL = "converge.dev/controller";
    static final String ROLE_LABEL = "converge.dev/lease";
    static final String ENVIRONMENT_ANNOTATION = "converge.dev/environment";
    private static final String ENVIRONMENT_ROLE = "environment";
    private static final String MEMBER_ROLE = "member";
    /** A membership lease this long past its expiry belongs to a replica that is gone for good. */
    private static final int STALE_MEMBER_DURATIONS = 10;
    /** A tick aimed at a lease's expiry lands just after it. */
    private static final Duration EXPIRY_SLACK = Duration.ofMillis(20);

    /**
     * A lease this replica holds.
     *
     * @param lease the object as last written, whose resourceVersion the next write must match
     * @param renewed when the last successful renewal was sent, by {@link System#nanoTime()}
     * @param mutableUntil until when mutations may run, by {@link System#nanoTime()}
     * @param releaseAt when a lease being let go is handed back, by {@link System#nanoTime()}; null while kept
     */
    private record Holding(Lease lease, long renewed, long mutableUntil, Long releaseAt) {

        boolean mayMutate(long now) {
            return releaseAt == null && now - mutableUntil < 0;
        }

        Holding revoked(long now) {
            return new Holding(lease, renewed, Math.min(mutableUntil, now), releaseAt);
        }
    }

    private final KubernetesClient client;
    private final LeaseSettings settings;
    private final Supplier<Set<String>> environments;
    private final LeaseMetrics metrics;
    private final LeaseListener listener;
    private final String controllerLabel;
    private final Map<String, Holding> held = new ConcurrentHashMap<>();
    private Lease membership;

    /**
     * @param environments the environments this installation converges, asked on every tick
     * @param listener told of every lease this replica takes or stops holding
     */
    public LeaseManager(KubernetesClient client, LeaseSettings settings, Supplier<Set<String>> environments,
            MeterRegistry registry, LeaseListener listener) {
        this.client = client;
        this.settings = settings;
        this.environments = environments;
        this.metrics = new LeaseMetrics(registry);
        this.listener = listener;
        this.controllerLabel = LeaseNames.label(settings.controller());
    }

    @Override
    public boolean mayMutate(String environment) {
        Holding holding = held.get(environment);
        return holding != null && holding.mayMutate(System.nanoTime());
    }

    /** The environments this replica may mutate now. */
    public Set<String> owned() {
        long now = System.nanoTime();
        return held.entrySet().stream().filter(e -> e.getValue().mayMutate(now)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public String identity() {
        return settings.identity();
    }

    /**
     * This replica while it may mutate the environment; otherwise the holder its lease names as the API
     * server has it now, unless the lease has expired.
     */
    @Override
    public Optional<String> owner(String environment) {
        if (mayMutate(environment)) {
            return Optional.of(settings.identity());
        }
        try {
            Lease lease = leases().withName(LeaseNames.environment(settings.controller(), environment)).get();
            return lease == null || expired(lease, Instant.now()) ? Optional.empty() : holder(lease);
        } catch (RuntimeException e) {
            LOG.debugf("owner of %s not read: %s", environment, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * One round: membership, renewals, letting go of what is over the share, taking what is free.
     *
     * @return when to tick next: the renew period, or sooner when a lease this replica would take expires
     *     before then, so a failed replica's environments move as soon as its leases expire
     */
    public synchronized Duration tick() {
        Set<String> wanted = Set.copyOf(environments.get());
        metrics.track(wanted, this::mayMutate);
        List<Lease> leases;
        try {
            renewMembership();
            leases = client.leases().inNamespace(settings.namespace()).withLabel(CONTROLLER_LABEL, controllerLabel).list()
                    .getItems();
        } catch (RuntimeException e) {
            stopMutating("the API server cannot be reached: " + e.getMessage());
            return settings.renewPeriod();
        }
        Map<String, Lease> byEnvironment = new HashMap<>();
        leases.stream().filter(l -> ENVIRONMENT_ROLE.equals(label(l, ROLE_LABEL)))
                .forEach(l -> byEnvironment.put(l.getMetadata().getAnnotations().get(ENVIRONMENT_ANNOTATION), l));
        int share = share(wanted.size(), liveReplicas(leases));
        renewHeld(byEnvironment);
        letGo(wanted, share);
        Set<String> taken = acquire(wanted, byEnvironment, share);
        if (!taken.isEmpty()) {
            listener.acquired(taken);
        }
        forgetGoneMembers(leases);
        return nextTick(wanted, byEnvironment, leases);
    }

    /**
     * Stops mutating at once, waits out the margin for steps already begun, then hands every lease back
     * and leaves the membership, so the others take over without waiting for expiry.
     */
    public synchronized void release() {
        long now = System.nanoTime();
        held.replaceAll((environment, holding) -> holding.revoked(now));
        if (!held.isEmpty()) {
            try {
                Thread.sleep(settings.margin().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String environment : Set.copyOf(held.keySet())) {
            handBack(environment, held.get(environment));
        }
        if (membership != null) {
            try {
                client.leases().inNamespace(settings.namespace()).resource(membership).delete();
            } catch (RuntimeException e) {
                LOG.warnf("membership lease %s not deleted (%s); it expires", membership.getMetadata().getName(), e.getMessage());
            }
            membership = null;
        }
    }

    static int share(int environments, int replicas) {
        return (environments + replicas - 1) / Math.max(1, replicas);
    }

    private void stopMutating(String why) {
        long now = System.nanoTime();
        if (held.values().stream().anyMatch(h -> h.mayMutate(now))) {
            LOG.errorf("%s; this replica stops mutating %s until it renews its leases", why, owned());
        }
        held.replaceAll((environment, holding) -> holding.revoked(now));
        dropExpired(now);
    }

    /** A lease not renewed for a whole duration may be someone else's now. */
    private void dropExpired(long now) {
        held.forEach((environment, holding) -> {
            if (now - holding.renewed() >= settings.duration().toNanos()) {
                lost(environment, "not renewed within " + settings.duration());
            }
        });
    }

    private void renewMembership() {
        String name = LeaseNames.member(settings.controller(), settings.identity());
        Lease base = membership != null ? membership : leases().withName(name).get();
        Lease desired = new LeaseBuilder(base == null ? newLease(name, MEMBER_ROLE, null) : base).editSpec()
                .withHolderIdentity(settings.identity())
                .withLeaseDurationSeconds(durationSeconds())
                .withRenewTime(time(Instant.now()))
                .endSpec().build();
        try {
            membership = base == null ? leases().resource(desired).create() : leases().resource(desired).update();
        } catch (RuntimeException e) {
            if (!conflict(e)) {
                throw e;
            }
            // Deleted as stale, or written by an earlier run under this pod name: read afresh next tick.
            membership = null;
        }
    }

    /** Replicas whose membership is fresh, this one always among them. */
    private int liveReplicas(List<Lease> leases) {
        Instant now = Instant.now();
        Set<String> live = new TreeSet<>(Set.of(settings.identity()));
        leases.stream().filter(l -> MEMBER_ROLE.equals(label(l, ROLE_LABEL)) && !expired(l, now))
                .forEach(l -> live.add(l.getSpec().getHolderIdentity()));
        return live.size();
    }

    private void renewHeld(Map<String, Lease> byEnvironment) {
        for (String environment : Set.copyOf(held.keySet())) {
            Holding holding = held.get(environment);
            Lease current = byEnvironment.get(environment);
            if (current == null || !settings.identity().equals(current.getSpec().getHolderIdentity())) {
                lost(environment, current == null ? "its lease was deleted" : "its lease is held by " + current.getSpec().getHolderIdentity());
                continue;
            }
            long sent = System.nanoTime();
            try {
                Lease renewed = leases().resource(new LeaseBuilder(holding.lease()).editSpec()
                        .withRenewTime(time(Instant.now())).withLeaseDurationSeconds(durationSeconds()).endSpec().build()).update();
                held.put(environment, new Holding(renewed, sent, holding.releaseAt() == null ? mutableUntil(sent) : sent,
                        holding.releaseAt()));
            } catch (RuntimeException e) {
                if (conflict(e)) {
                    lost(environment, "its lease changed under this replica");
                } else {
                    LOG.errorf("lease of %s not renewed (%s); this replica stops mutating it until it is", environment, e.getMessage());
                    held.put(environment, holding.revoked(System.nanoTime()));
                    dropExpired(System.nanoTime());
                }
            }
        }
    }

    /** Environments over the share, or gone from the spec, stop mutating now and are handed back a margin later. */
    private void letGo(Set<String> wanted, int share) {
        long now = System.nanoTime();
        List<String> kept = held.entrySet().stream().filter(e -> e.getValue().releaseAt() == null).map(Map.Entry::getKey)
                .sorted(Comparator.comparing(this::rank)).toList();
        List<String> notWanted = kept.stream().filter(e -> !wanted.contains(e)).toList();
        List<String> wantedKept = kept.stream().filter(wanted::contains).toList();
        List<String> over = new ArrayList<>(notWanted);
        over.addAll(wantedKept.subList(Math.min(share, wantedKept.size()), wantedKept.size()));
        for (String environment : over) {
            Holding holding = held.get(environment);
            LOG.infof("letting go of environment %s (share %d); mutations stop now, the lease is handed back in %s", environment,
                    share, settings.margin());
            held.put(environment, new Holding(holding.lease(), holding.renewed(), Math.min(holding.mutableUntil(), now),
                    now + settings.margin().toNanos()));
        }
        for (String environment : Set.copyOf(held.keySet())) {
            Holding holding = held.get(environment);
            if (holding != null && holding.releaseAt() != null && now - holding.releaseAt() >= 0) {
                handBack(environment, holding);
            }
        }
    }

    /** Takes free leases up to the share; answers the environments taken. */
    private Set<String> acquire(Set<String> wanted, Map<String, Lease> byEnvironment, int share) {
        Instant now = Instant.now();
        Set<String> taken = new TreeSet<>();
        List<String> free = wanted.stream()
                .filter(e -> !held.containsKey(e))
                .filter(e -> byEnvironment.get(e) == null || holder(byEnvironment.get(e)).isEmpty() || expired(byEnvironment.get(e), now))
                .sorted(Comparator.comparing(this::rank))
                .toList();
        for (String environment : free) {
            if (held.values().stream().filter(h -> h.releaseAt() == null).count() >= share) {
                break;
            }
            if (take(environment, byEnvironment.get(environment))) {
                taken.add(environment);
            }
        }
        return taken;
    }

    /**
     * The next tick lands just after the next expiry that could change this replica's share or free an
     * environment for it: another replica's membership, or a lease of an environment it does not hold.
     */
    private Duration nextTick(Set<String> wanted, Map<String, Lease> byEnvironment, List<Lease> leases) {
        Instant now = Instant.now();
        Stream<Lease> members = leases.stream().filter(l -> MEMBER_ROLE.equals(label(l, ROLE_LABEL)));
        Stream<Lease> others = wanted.stream().filter(e -> !held.containsKey(e)).map(byEnvironment::get).filter(Objects::nonNull);
        return Stream.concat(members, others)
                .filter(l -> holder(l).filter(h -> !h.equals(settings.identity())).isPresent())
                .filter(l -> l.getSpec().getRenewTime() != null && l.getSpec().getLeaseDurationSeconds() != null)
                .map(l -> Duration.between(now, l.getSpec().getRenewTime().toInstant().plusSeconds(l.getSpec().getLeaseDurationSeconds()))
                        .plus(EXPIRY_SLACK))
                .filter(delay -> !delay.isNegative() && delay.compareTo(settings.renewPeriod()) < 0)
                .min(Duration::compareTo)
                .orElse(settings.renewPeriod());
    }

    /** Whether this replica holds the environment's lease now. */
    private boolean take(String environment, Lease existing) {
        Instant now = Instant.now();
        long sent = System.nanoTime();
        Lease base = existing == null ? newLease(LeaseNames.environment(settings.controller(), environment), ENVIRONMENT_ROLE, environment)
                : existing;
        int transitions = base.getSpec().getLeaseTransitions() == null ? 0 : base.getSpec().getLeaseTransitions();
        Lease desired = new LeaseBuilder(base).editSpec()
                .withHolderIdentity(settings.identity())
                .withLeaseDurationSeconds(durationSeconds())
                .withAcquireTime(time(now))
                .withRenewTime(time(now))
                .withLeaseTransitions(existing == null ? 0 : transitions + 1)
                .endSpec().build();
        try {
            Lease taken = existing == null ? leases().resource(desired).create() : leases().resource(desired).update();
            held.put(environment, new Holding(taken, sent, mutableUntil(sent), null));
            metrics.transition(environment, LeaseMetrics.Transition.ACQUIRED);
            LOG.infof("acquired environment %s%s", environment,
                    holder(base).map(previous -> " (its lease from " + previous + " had expired)").orElse(""));
            return true;
        } catch (RuntimeException e) {
            if (!conflict(e)) {
                LOG.warnf("lease of %s not taken: %s", environment, e.getMessage());
            }
            // On a conflict another replica was faster; the next tick sees its lease.
            return false;
        }
    }

    private void handBack(String environment, Holding holding) {
        held.remove(environment);
        listener.relinquished(environment);
        try {
            leases().resource(new LeaseBuilder(holding.lease()).editSpec().withHolderIdentity(null).endSpec().build()).update();
            metrics.transition(environment, LeaseMetrics.Transition.RELEASED);
            LOG.infof("released environment %s", environment);
        } catch (RuntimeException e) {
            metrics.transition(environment, LeaseMetrics.Transition.LOST);
            LOG.warnf("lease of %s not handed back (%s); the others take it when it expires", environment, e.getMessage());
        }
    }

    private void lost(String environment, String why) {
        if (held.remove(environment) != null) {
            listener.relinquished(environment);
            metrics.transition(environment, LeaseMetrics.Transition.LOST);
            LOG.errorf("lost environment %s: %s", environment, why);
        }
    }

    private void forgetGoneMembers(List<Lease> leases) {
        Instant horizon = Instant.now().minus(settings.duration().multipliedBy(STALE_MEMBER_DURATIONS));
        leases.stream().filter(l -> MEMBER_ROLE.equals(label(l, ROLE_LABEL)) && expired(l, horizon)).forEach(l -> {
            try {
                leases().resource(l).delete();
            } catch (RuntimeException e) {
                LOG.debugf("stale membership lease %s not deleted: %s", l.getMetadata().getName(), e.getMessage());
            }
        });
    }

    private Lease newLease(String name, String role, String environment) {
        LeaseBuilder builder = new LeaseBuilder().withNewMetadata()
                .withName(name)
                .withNamespace(settings.namespace())
                .addToLabels(CONTROLLER_LABEL, controllerLabel)
                .addToLabels(ROLE_LABEL, role)
                .addToLabels("app.kubernetes.io/managed-by", "converge")
                .endMetadata()
                .withNewSpec().endSpec();
        if (environment != null) {
            builder.editMetadata().addToAnnotations(ENVIRONMENT_ANNOTATION, environment).endMetadata();
        }
        return builder.build();
    }

    private NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases() {
        return client.leases().inNamespace(settings.namespace());
    }

    /** Expired as the other replicas see it: its holder's renew time plus the duration it declared. */
    private static boolean expired(Lease lease, Instant now) {
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        return renewed == null || seconds == null || !renewed.toInstant().plusSeconds(seconds).isAfter(now);
    }

    /** The lease was changed or removed by someone else since this replica read it. */
    private static boolean conflict(RuntimeException e) {
        return e instanceof KubernetesClientException k
                && (k.getCode() == HttpURLConnection.HTTP_CONFLICT || k.getCode() == HttpURLConnection.HTTP_NOT_FOUND);
    }

    private static Optional<String> holder(Lease lease) {
        return Optional.ofNullable(lease == null ? null : lease.getSpec().getHolderIdentity()).filter(h -> !h.isEmpty());
    }

    private static String label(Lease lease, String key) {
        Map<String, String> labels = lease.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    /**
     * Each replica prefers different environments (rendezvous hashing), so replicas reaching for free
     * leases at the same moment mostly reach for different ones.
     */
    private int rank(String environment) {
        return (settings.identity() + "/" + environment).hashCode();
    }

    private long mutableUntil(long sent) {
        return sent + settings.duration().minus(settings.margin()).toNanos();
    }

    private int durationSeconds() {
        return (int) settings.duration().toSeconds();
    }

    private static ZonedDateTime time(Instant instant) {
        return instant.atZone(ZoneOffset.UTC);
    }
}
