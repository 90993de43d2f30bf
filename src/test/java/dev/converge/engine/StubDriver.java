package dev.converge.engine;

import dev.converge.aws.DriverContext;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.Waiting;
import dev.converge.model.Reference;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One kind's AWS held in memory, for testing what the engine does without AWS: it can list what it
 * created only some observations later (describe lagging behind create), read a field back differently
 * from what was written, report a resource as still progressing, fail, or wait on deletes.
 */
final class StubDriver implements ResourceDriver {

    /** An object in the stub's AWS: listed from observation {@code listedFrom} on. */
    static final class Stored {
        final ResourceKey key;
        final String id;
        final Map<String, Object> properties;
        final Map<String, String> tags;
        final int listedFrom;

        Stored(ResourceKey key, String id, Map<String, Object> properties, Map<String, String> tags, int listedFrom) {
            this.key = key;
            this.id = id;
            this.properties = new HashMap<>(properties);
            this.tags = Map.copyOf(tags);
            this.listedFrom = listedFrom;
        }
    }

    private final String kind;
    final List<Stored> stored = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    /** Observations a created object stays unlisted for. */
    int lag;
    /** How AWS stores what an update writes. */
    UnaryOperator<Map<String, Object>> readBack = UnaryOperator.identity();
    String progress;
    RuntimeException failure;
    /** What observing throws, as a describe that times out does. */
    RuntimeException observeFailure;
    String deleteWaits;
    /** How often the kind was read. */
    int observations;

    StubDriver(String kind) {
        this.kind = kind;
    }

    /** An object already in AWS with the given tags, e.g. a twin made out of band. */
    void put(Resource resource, String id, Map<String, String> tags) {
        stored.add(new Stored(resource.key(), id, resource.spec().properties(), tags, 0));
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        observations++;
        if (observeFailure != null) {
            throw observeFailure;
        }
        return stored.stream()
                .filter(s -> s.listedFrom <= observations)
                .map(s -> ObservedResource.owned(s.key, s.id, s.properties, s.tags, null).withProgress(progress))
                .toList();
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        calls.add("create " + resource.key());
        // as a driver does: the ids of what it refers to, created or observed
        resource.spec().references().stream().filter(Reference::ordering).forEach(r -> context.idOf(r.target()));
        fail();
        String id = kind.toLowerCase() + "-" + (stored.size() + 1);
        stored.add(new Stored(resource.key(), id, readBack.apply(resource.spec().properties()), context.tagsFor(resource),
                observations + 1 + lag));
        return id;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        calls.add("update " + resource.key());
        fail();
        Stored object = stored.stream().filter(s -> s.id.equals(live.awsId())).findFirst().orElseThrow();
        Map<String, Object> written = new HashMap<>();
        changes.forEach(c -> written.put(c.field(), c.after()));
        object.properties.putAll(readBack.apply(written));
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        calls.add("delete " + live.key());
        fail();
        if (deleteWaits != null) {
            throw new Waiting(deleteWaits);
        }
        stored.removeIf(s -> s.id.equals(live.awsId()));
    }

    private void fail() {
        if (failure != null) {
            throw failure;
        }
    }

    long count(String call) {
        return calls.stream().filter(call::equals).count();
    }
}
