package dev.converge.aws.lambda;

import dev.converge.aws.BoundedParallel;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.SecretSources;
import dev.converge.aws.TaggedResources;
import dev.converge.aws.iam.InstanceRoleDriver;
import dev.converge.model.Fields;
import dev.converge.model.FunctionSpec;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.KindSpec;
import dev.converge.model.ParameterSpec.SecretSource;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.Sensitive;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * Lambda functions, AWS name {@code <environment>-<name>}. Lambda lists functions neither by tag nor by
 * name prefix, so observation is one paginated ListFunctions (pages of 50) kept to the environment's
 * prefix, the tags of them all from the tagging API's GetResources (ListTags only for a function that
 * eventually consistent API does not list yet), and, per function and only for what its spec declares,
 * GetFunctionConcurrency for reserved concurrency and HeadObject for an unversioned code object, a few
 * at a time.
 *
 * <p>Lambda keeps no trace of where a function's code came from, only its SHA-256. Converge records both
 * in the tag {@code converge:code}: a digest of the object deployed (bucket, key, and version or ETag) and
 * the CodeSha256 Lambda computed from it, written right after each deployment. The code is as declared
 * when the declared object is the one recorded and the function still runs what was deployed from it; a
 * new object at an unversioned key, another declared version, or code uploaded out of band is a
 * deployment (UpdateFunctionCode) from the declared object.
 *
 * <p>Secret environment variables are read from their sources when compared or written, and compared by
 * digest; observations carry the source or {@link SecretSource#CHANGED}, and a plain variable whose live
 * value differs from the spec's is shown as a digest, so no value that might be a secret reaches a plan.
 */
public final class FunctionDriver implements ResourceDriver {

    /** The tag recording what code was deployed: {@code <source digest> <CodeSha256>}. */
    public static final String CODE_TAG = "converge:code";
    /** Per-function reads in flight at once during observation. */
    static final int PARALLELISM = 8;
    /** The tagging API's name for functions. */
    private static final String RESOURCE_TYPE = "lambda:function";

    private final SecretSources secrets;

    public FunctionDriver() {
        this(System::getenv);
    }

    /** @param environment where {@code secrets: {NAME: {env: ...}}} sources are read from */
    public FunctionDriver(UnaryOperator<String> environment) {
        this.secrets = new SecretSources(environment);
    }

    @Override
    public String kind() {
        return FunctionSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        LambdaClient lambda = context.clients().lambda();
        String prefix = context.environment().name() + "-";
        List<FunctionConfiguration> functions = lambda.listFunctionsPaginator(r -> r.maxItems(PageSizes.LAMBDA_FUNCTIONS))
                .functions().stream()
                .filter(f -> f.functionName().startsWith(prefix))
                .toList();
        if (functions.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> tagsByArn = TaggedResources.of(RESOURCE_TYPE, context);
        Map<String, Resource> byAwsName = new HashMap<>();
        Map<ResourceKey, Resource> byKey = new HashMap<>();
        declared.forEach(r -> {
            byAwsName.put(FunctionSpec.functionName(context.environment().name(), r.name()), r);
            byKey.put(r.key(), r);
        });
        return BoundedParallel.map(functions, PARALLELISM, f -> read(lambda, f, tagsByArn, byAwsName, byKey, context))
                .stream().flatMap(Optional::stream).toList();
    }

    private Optional<ObservedResource> read(LambdaClient lambda, FunctionConfiguration function, Map<String, Map<String, String>> tagsByArn,
            Map<String, Resource> byAwsName, Map<ResourceKey, Resource> byKey, DriverContext context) {
        String arn = function.functionArn();
        Map<String, String> tags = tagsByArn.containsKey(arn) ? tagsByArn.get(arn) : lambda.listTags(r -> r.resource(arn)).tags();
        Optional<ResourceKey> key = OwnedTags.key(tags, kind(), arn, context);
        if (key.isEmpty()) {
            return Optional.ofNullable(byAwsName.get(function.functionName())).map(r -> ObservedResource.foreign(r.key(), arn, tags));
        }
        Resource resource = byKey.get(key.get());
        FunctionSpec spec = resource == null ? null : resource.spec(FunctionSpec.class);
        Map<String, String> unreachable = new HashMap<>();
        Fields fields = new Fields()
                .put(FunctionSpec.RUNTIME, function.runtimeAsString())
                .put(FunctionSpec.HANDLER, function.handler())
                .put(FunctionSpec.MEMORY, function.memorySize())
                .put(FunctionSpec.TIMEOUT, function.timeout())
                .put(FunctionSpec.ROLE, roleName(function.role(), context));
        if (spec != null) {
            fields.put(FunctionSpec.CODE, code(spec, function, tags, context, unreachable));
            if (spec.ownsVariables()) {
                Map<String, String> variables = function.environment() == null || function.environment().variables() == null
                        ? Map.of() : function.environment().variables();
                fields.put(FunctionSpec.ENVIRONMENT, FunctionSpec.variables(plainVariables(spec, variables)));
                fields.put(FunctionSpec.SECRETS, FunctionSpec.variables(secretVariables(resource, spec, variables, unreachable)));
            }
            if (spec.reservedConcurrency() != null) {
                fields.put(FunctionSpec.RESERVED_CONCURRENCY,
                        lambda.getFunctionConcurrency(r -> r.functionName(arn)).reservedConcurrentExecutions());
            }
        }
        return Optional.of(ObservedResource.owned(key.get(), arn, fields.build(), tags, null).withUnreachable(unreachable));
    }

    /** The role by its spec name when it is one of the environment's; otherwise its ARN. */
    private static String roleName(String arn, DriverContext context) {
        return context.observed().all().stream()
                .filter(live -> live.key().kind().equals(InstanceRoleSpec.KIND) && live.details() instanceof InstanceRoleDriver.Details)
                .filter(live -> arn.equals(live.details(InstanceRoleDriver.Details.class).arn()))
                .map(live -> live.key().name())
                .findFirst()
                .orElse(arn);
    }

    /** The declared code when the declared object is what was deployed and still runs; otherwise what runs. */
    private Map<String, Object> code(
            FunctionSpec spec, FunctionConfiguration function, Map<String, String> tags, DriverContext context, Map<String, String> unreachable) {
        Map<String, Object> declared = spec.properties().containsKey(FunctionSpec.CODE)
                ? castMap(spec.properties().get(FunctionSpec.CODE)) : null;
        Map<String, Object> running = Map.of("codeSha256", Objects.requireNonNullElse(function.codeSha256(), ""));
        if (declared == null) {
            return running;
        }
        Optional<CodeObject> object;
        try {
            object = CodeObject.declared(spec.code(), context);
        } catch (DriverContext.MissingDependencyException | IllegalStateException e) {
            // the declared bucket is not there to deploy from (yet, or it is someone else's)
            object = Optional.empty();
        }
        String recorded = tags.get(CODE_TAG);
        boolean stillRuns = recorded != null && recorded.endsWith(" " + function.codeSha256());
        if (object.isEmpty()) {
            if (!stillRuns) {
                unreachable.put(FunctionSpec.CODE, "the code object " + CodeObject.describe(spec.code()) + " does not exist");
            }
            return stillRuns ? declared : running;
        }
        return stillRuns && recorded.equals(object.get().tag(function.codeSha256())) ? declared : running;
    }

    /**
     * The live plain variables: a value as the spec declares it is shown, any other as its digest, so that
     * a variable that holds a secret (one set by hand, or no longer declared a secret) never shows.
     */
    private static Map<String, Object> plainVariables(FunctionSpec spec, Map<String, String> live) {
        Map<String, String> plain = spec.environment() == null ? Map.of() : spec.environment();
        java.util.Set<String> secret = spec.secrets() == null ? java.util.Set.of() : spec.secrets().keySet();
        Map<String, Object> observed = new TreeMap<>();
        live.forEach((name, value) -> {
            if (!secret.contains(name)) {
                observed.put(name, value.equals(plain.get(name)) ? value : Sensitive.digest(value));
            }
        });
        return observed;
    }

    /** Each declared secret variable that is set: its source when the live value is what the source holds. */
    private Map<String, Object> secretVariables(Resource resource, FunctionSpec spec, Map<String, String> live, Map<String, String> unreachable) {
        Map<String, Object> observed = new TreeMap<>();
        if (spec.secrets() == null) {
            return observed;
        }
        spec.secrets().forEach((name, source) -> {
            String value = live.get(name);
            if (value == null) {
                return;
            }
            Optional<String> declared = secrets.read(source);
            if (declared.isEmpty()) {
                unreachable.put(FunctionSpec.SECRETS, SecretSources.absent(secretName(resource, name), source));
                observed.put(name, SecretSource.CHANGED);
            } else {
                observed.put(name, SecretSources.sameDigest(value, declared.get()) ? source : SecretSource.CHANGED);
            }
        });
        return observed;
    }

    private static String secretName(Resource resource, String variable) {
        return resource.key() + "'s secret " + variable;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    /**
     * Creates the function with its ownership tags, then reserves its concurrency and records the code
     * deployed. A function of this name left by a create that died before its tags is someone else's to
     * Converge (it lacks the tags) and is reported as such.
     */
    @Override
    public String create(Resource resource, DriverContext context) {
        FunctionSpec spec = resource.spec(FunctionSpec.class);
        LambdaClient lambda = context.clients().lambda();
        CodeObject object = CodeObject.declared(spec.code(), context)
                .orElseThrow(() -> new IllegalStateException("the code object " + CodeObject.describe(spec.code()) + " does not exist"));
        var created = lambda.createFunction(r -> r
                .functionName(FunctionSpec.functionName(context.environment().name(), resource.name()))
                .description("Managed by Converge: " + resource.key())
                .runtime(spec.runtime())
                .handler(spec.handler())
                .role(InstanceRoleDriver.arnOf(ResourceKey.of(InstanceRoleSpec.KIND, spec.role()), context))
                .code(object.code())
                .memorySize(spec.memory())
                .timeout(spec.timeout())
                .environment(e -> e.variables(spec.ownsVariables() ? variables(resource, spec) : null))
                .publish(false)
                .tags(context.tagsFor(resource)));
        String arn = created.functionArn();
        if (spec.reservedConcurrency() != null) {
            lambda.putFunctionConcurrency(r -> r.functionName(arn).reservedConcurrentExecutions(spec.reservedConcurrency()));
        }
        lambda.tagResource(r -> r.resource(arn).tags(Map.of(CODE_TAG, object.tag(created.codeSha256()))));
        return arn;
    }

    /** Every variable the function should have: the plain ones and the secrets, read from their sources now. */
    private Map<String, String> variables(Resource resource, FunctionSpec spec) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (spec.environment() != null) {
            variables.putAll(spec.environment());
        }
        if (spec.secrets() != null) {
            new TreeMap<>(spec.secrets()).forEach((name, source) -> variables.put(name, secrets.require(secretName(resource, name), source)));
        }
        return variables;
    }

    /**
     * Deploys new code, then changes the configuration in one call, then the concurrency and tags. Lambda
     * refuses a configuration change while a code update is still being applied, so the second waits for
     * the first.
     */
    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        FunctionSpec spec = resource.spec(FunctionSpec.class);
        LambdaClient lambda = context.clients().lambda();
        String arn = live.awsId();
        UpdateFunctionConfigurationRequest.Builder configuration = UpdateFunctionConfigurationRequest.builder().functionName(arn);
        boolean configure = false;
        boolean deployed = false;
        for (FieldChange change : changes) {
            switch (change.field()) {
                case FunctionSpec.CODE -> {
                    CodeObject object = CodeObject.declared(spec.code(), context).orElseThrow(() -> new IllegalStateException(
                            "the code object " + CodeObject.describe(spec.code()) + " does not exist"));
                    FunctionCode code = object.code();
                    String sha = lambda.updateFunctionCode(r -> r.functionName(arn)
                            .s3Bucket(code.s3Bucket()).s3Key(code.s3Key()).s3ObjectVersion(code.s3ObjectVersion())).codeSha256();
                    lambda.tagResource(r -> r.resource(arn).tags(Map.of(CODE_TAG, object.tag(sha))));
                    deployed = true;
                }
                case FunctionSpec.RUNTIME -> configure = set(() -> configuration.runtime(spec.runtime()));
                case FunctionSpec.HANDLER -> configure = set(() -> configuration.handler(spec.handler()));
                case FunctionSpec.MEMORY -> configure = set(() -> configuration.memorySize(spec.memory()));
                case FunctionSpec.TIMEOUT -> configure = set(() -> configuration.timeout(spec.timeout()));
                case FunctionSpec.ROLE -> configure = set(() -> configuration.role(
                        InstanceRoleDriver.arnOf(ResourceKey.of(InstanceRoleSpec.KIND, spec.role()), context)));
                case FunctionSpec.ENVIRONMENT, FunctionSpec.SECRETS -> configure = set(() -> configuration.environment(
                        e -> e.variables(variables(resource, spec))));
                case FunctionSpec.RESERVED_CONCURRENCY -> lambda.putFunctionConcurrency(
                        r -> r.functionName(arn).reservedConcurrentExecutions(spec.reservedConcurrency()));
                case KindSpec.TAGS -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> wanted = (Map<String, String>) change.after();
                    lambda.tagResource(r -> r.resource(arn).tags(wanted));
                }
                default -> throw new IllegalArgumentException("Function field " + change.field() + " cannot be updated in place");
            }
        }
        if (configure) {
            if (deployed) {
                lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(arn));
            }
            lambda.updateFunctionConfiguration(configuration.build());
        }
    }

    private static boolean set(Runnable setting) {
        setting.run();
        return true;
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        NotFound.ignoring(() -> context.clients().lambda().deleteFunction(r -> r.functionName(live.awsId())));
    }
}
