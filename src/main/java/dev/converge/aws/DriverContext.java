package dev.converge.aws;

import dev.converge.model.Environment;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a driver needs during one round of a pass over one environment: the environment, its clients,
 * the state observed so far, the ids of what this pass has created in any of its rounds, so later
 * steps can refer to them before AWS lists them, and the account-wide reads of the cycle.
 */
public final class DriverContext {

    private final Environment environment;
    private final String controller;
    private final AwsClients clients;
    private final ObservedState observed;
    private final Map<ResourceKey, String> created;
    private final AccountReads accountReads;

    public DriverContext(Environment environment, String controller, AwsClients clients, ObservedState observed) {
        this(environment, controller, clients, observed, new ConcurrentHashMap<>(), new AccountReads());
    }

    /**
     * @param created the ids this pass created in earlier rounds; steps of this round add theirs to it
     * @param accountReads what the passes of this cycle have read for the whole account
     */
    public DriverContext(
            Environment environment, String controller, AwsClients clients, ObservedState observed,
            Map<ResourceKey, String> created, AccountReads accountReads) {
        this.environment = environment;
        this.controller = controller;
        this.clients = clients;
        this.observed = observed;
        this.created = created;
        this.accountReads = accountReads;
    }

    public Environment environment() {
        return environment;
    }

    public String controller() {
        return controller;
    }

    public AwsClients clients() {
        return clients;
    }

    public AccountReads accountReads() {
        return accountReads;
    }

    /** The resources observed so far in this pass; during observation, the kinds observed before. */
    public ObservedState observed() {
        return observed;
    }

    /** Every tag the resource must carry; drivers pass these in the create call itself. */
    public Map<String, String> tagsFor(Resource resource) {
        return Ownership.desiredTags(controller, environment, resource);
    }

    /**
     * The AWS id of a referenced resource, whether it was observed or created earlier in this pass. A
     * resource without Converge's ownership tags that holds the referenced identity is never used: a
     * cluster is not placed in someone else's subnet group because it bears the declared name. Nor is one
     * of several objects that carry the same identity: which is the resource is a person's call.
     */
    public String idOf(ResourceKey key) {
        if (observed.twinned(key)) {
            throw new IllegalStateException(key + " is carried by several AWS objects ("
                    + String.join(", ", observed.all(key).stream().map(ObservedResource::awsId).toList())
                    + "); nothing refers to it until all but one are removed");
        }
        String id = created.get(key);
        if (id != null) {
            return id;
        }
        ObservedResource live = observed.get(key).orElseThrow(() -> new MissingDependencyException(key));
        if (!live.owned()) {
            throw new IllegalStateException(key + " is held by " + live.awsId()
                    + ", which lacks Converge's ownership tags; nothing refers to it");
        }
        return live.awsId();
    }

    public void recordCreated(ResourceKey key, String awsId) {
        created.put(key, awsId);
    }

    /** The AWS id this pass created for the key, in this round or an earlier one. */
    public java.util.Optional<String> createdId(ResourceKey key) {
        return java.util.Optional.ofNullable(created.get(key));
    }

    /** A referenced resource does not exist in AWS yet; the step waits for a later pass. */
    public static final class MissingDependencyException extends RuntimeException {
        public MissingDependencyException(ResourceKey key) {
            super(key + " does not exist yet");
        }
    }
}
