package dev.converge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.model.ApprovalPolicy;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.BucketSpec;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.Environment;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.KindSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.ListenerSpec;
import dev.converge.model.QueueSpec;
import dev.converge.model.TopicSpec;
import dev.converge.model.DistributionSpec;
import dev.converge.model.LoadBalancerSpec;
import dev.converge.model.Mode;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.NetworkAclSpec;
import dev.converge.model.ParameterSpec;
import dev.converge.model.FunctionSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SpecField;
import dev.converge.model.RouteTableSpec;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.TargetGroupSpec;
import dev.converge.model.UnmanagedScope;
import dev.converge.model.VpcSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a spec file, or every {@code *.yaml} and {@code *.yml} file of a directory (sorted by name, not
 * recursive), into the desired state. Loading has two phases: every document is parsed and bound, and
 * only if all of them bind is the whole state validated, since cross-document checks (references,
 * duplicates) would report noise about documents that failed to bind. Either phase reports all of its
 * problems at once, each with file, line and column.
 *
 * <p>A file without documents (empty, or only comments) is fine; a spec with no document at all is an
 * error, since it can only be a mistake.
 */
public final class SpecLoader {

    public static final String API_VERSION = "converge.dev/v1alpha1";
    public static final String ENVIRONMENT_KIND = "Environment";

    /** Resource kinds and the records their {@code spec} binds to. */
    static final Map<String, Class<? extends KindSpec>> RESOURCE_KINDS = kinds();

    static final int MAX_FILE_BYTES = 3 * 1024 * 1024;
    private static final int MAX_ALIASES = 50;

    /** The fields a document may have at the top; {@code spec} is bound later, by kind. */
    record Header(String apiVersion, String kind, Metadata metadata, JsonNode spec) {}

    record Metadata(@SpecField(required = true) String name, String environment, Map<String, String> labels, Map<String, String> annotations) {}

    record EnvironmentSpec(
            @SpecField(required = true) String region,
            String accountId,
            String roleArn,
            Mode mode,
            Boolean prune,
            Map<String, String> tags,
            @SpecField(minimum = 0, maximum = 1) Double maxDeleteFraction,
            String externalId,
            UnmanagedScope unmanaged,
            ApprovalPolicy approval) {}

    private SpecLoader() {}

    /** Loads and validates a spec; throws with every problem found. The state carries the warnings. */
    public static DesiredState load(Path path) {
        return load(List.of(path));
    }

    /** Loads and validates several spec files or directories as one spec, so they may refer to each other. */
    public static DesiredState load(List<Path> paths) {
        List<SpecError> errors = new ArrayList<>();
        List<Declaration> declarations = new ArrayList<>();
        paths.forEach(path -> declarations.addAll(read(path, errors)));
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        SpecValidator.Validation validation = SpecValidator.check(declarations);
        if (!validation.errors().isEmpty()) {
            throw new SpecException(validation.errors());
        }
        return DesiredState.of(declarations, validation.warnings());
    }

    /** Parses and binds every document; problems go to {@code errors}. */
    static List<Declaration> read(Path path, List<SpecError> errors) {
        List<Path> files = specFiles(path, errors);
        List<Declaration> declarations = new ArrayList<>();
        int documents = 0;
        for (Path file : files) {
            List<DocumentSource> parsed = parse(file, errors);
            documents += parsed.size();
            parsed.forEach(document -> bind(document, errors, declarations));
        }
        if (!files.isEmpty() && documents == 0 && errors.isEmpty()) {
            errors.add(SpecError.ofFile(path.toString(), "no documents: the spec declares no environment or resource"));
        }
        return declarations;
    }

    private static List<Path> specFiles(Path path, List<SpecError> errors) {
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                errors.add(SpecError.ofFile(path.toString(), "no such spec file or directory"));
                return List.of();
            }
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            List<Path> files = entries
                    .filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                errors.add(SpecError.ofFile(path.toString(), "no spec files (*.yaml, *.yml) in this directory"));
            }
            return files;
        } catch (IOException e) {
            errors.add(SpecError.ofFile(path.toString(), "cannot list directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static List<DocumentSource> parse(Path path, List<SpecError> errors) {
        String file = path.toString();
        String text;
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                errors.add(SpecError.ofFile(file, "file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB"));
                return List.of();
            }
            text = Utf8.decode(file, Files.readAllBytes(path));
        } catch (Located e) {
            errors.add(e.error());
            return List.of();
        } catch (IOException e) {
            errors.add(SpecError.ofFile(file, "cannot read: " + e.getMessage()));
            return List.of();
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_FILE_BYTES)
                .build();
        List<DocumentSource> documents = new ArrayList<>();
        try {
            NestingLimit.check(file, settings, text);
            for (Node root : new Compose(settings).composeAllFromString(text)) {
                if (!YamlTree.isEmpty(root)) {
                    documents.add(YamlTree.convert(file, root));
                }
            }
        } catch (Located e) {
            errors.add(e.error());
        } catch (MarkedYamlEngineException e) {
            errors.add(YamlErrors.located(file, e));
        } catch (YamlEngineException e) {
            errors.add(SpecError.ofFile(file, YamlErrors.phrase(e.getMessage())));
        }
        return documents;
    }

    private static void bind(DocumentSource document, List<SpecError> errors, List<Declaration> declarations) {
        if (!document.tree().isObject()) {
            errors.add(document.errorAt("", "a document must be a mapping with apiVersion, kind, metadata and spec"));
            return;
        }
        try {
            Header header = Binder.bind(document, "", Header.class, "");
            List<SpecError> problems = checkHeader(header, document);
            if (!problems.isEmpty()) {
                errors.addAll(problems);
                return;
            }
            declarations.add(header.kind().equals(ENVIRONMENT_KIND)
                    ? environment(document, header)
                    : resource(document, header));
        } catch (Located e) {
            errors.add(e.error());
        }
    }

    private static List<SpecError> checkHeader(Header header, DocumentSource source) {
        List<SpecError> problems = new ArrayList<>();
        if (header.apiVersion() == null) {
            problems.add(source.errorAt("", "apiVersion is required: " + API_VERSION));
        } else if (!header.apiVersion().equals(API_VERSION)) {
            problems.add(source.errorAt("/apiVersion",
                    "unsupported apiVersion '" + header.apiVersion() + "'; expected " + API_VERSION));
        }
        String known = ENVIRONMENT_KIND + ", " + String.join(", ", RESOURCE_KINDS.keySet());
        if (header.kind() == null) {
            problems.add(source.errorAt("", "kind is required; known kinds: " + known));
        } else if (!header.kind().equals(ENVIRONMENT_KIND) && !RESOURCE_KINDS.containsKey(header.kind())) {
            problems.add(source.errorAt("/kind", "unknown kind '" + header.kind() + "'; known kinds: " + known));
        }
        if (header.metadata() == null || header.metadata().name() == null) {
            problems.add(source.errorAtKey("/metadata/name", "metadata.name is required"));
        } else if (ENVIRONMENT_KIND.equals(header.kind()) && header.metadata().environment() != null) {
            problems.add(source.errorAtKey("/metadata/environment",
                    "metadata.environment applies to resources; an Environment is named by metadata.name"));
        }
        return problems;
    }

    private static Declaration environment(DocumentSource document, Header header) throws Located {
        EnvironmentSpec spec = Binder.bind(document, "/spec", EnvironmentSpec.class, "Environment spec");
        Environment environment = new Environment(header.metadata().name(), spec.region(), spec.accountId(),
                spec.roleArn(), spec.mode(), Boolean.TRUE.equals(spec.prune()), spec.tags(), spec.maxDeleteFraction(),
                spec.externalId(), spec.unmanaged(), spec.approval());
        return new Declaration.OfEnvironment(environment, document);
    }

    private static Declaration resource(DocumentSource document, Header header) throws Located {
        String kind = header.kind();
        Metadata metadata = header.metadata();
        if (kind.equals(BucketSpec.KIND)) {
            requireBucketSortKeys(document);
        }
        KindSpec spec = Binder.bind(document, "/spec", RESOURCE_KINDS.get(kind), kind + " spec");
        if (spec instanceof BucketSpec bucket) {
            spec = bucket.withDefaultName(metadata.name());
        }
        Resource resource = new Resource(ResourceKey.of(kind, metadata.name()), metadata.environment(), metadata.labels(), spec);
        return new Declaration.OfResource(resource, document);
    }

    /**
     * BucketSpec sorts lifecycle rules by id and transitions by days as it is built, so both must be there.
     * Lists only: any other shape is left to the binder, which reports it where it is.
     */
    private static void requireBucketSortKeys(DocumentSource document) throws Located {
        JsonNode rules = document.tree().at("/spec/" + BucketSpec.LIFECYCLE);
        for (int i = 0; rules.isArray() && i < rules.size(); i++) {
            String rule = "/spec/" + BucketSpec.LIFECYCLE + "/" + i;
            requireField(document, rule, "id");
            JsonNode transitions = rules.get(i).path("transitions");
            for (int j = 0; transitions.isArray() && j < transitions.size(); j++) {
                requireField(document, rule + "/transitions/" + j, "days");
            }
        }
    }

    private static void requireField(DocumentSource document, String pointer, String field) throws Located {
        JsonNode node = document.tree().at(pointer);
        JsonNode value = node.path(field);
        if (node.isObject() && (value.isMissingNode() || value.isNull())) {
            throw new Located(document.errorAt(pointer,
                    Binder.displayPointer(pointer + "/" + field) + " is required"));
        }
    }

    private static Map<String, Class<? extends KindSpec>> kinds() {
        Map<String, Class<? extends KindSpec>> kinds = new LinkedHashMap<>();
        kinds.put(VpcSpec.KIND, VpcSpec.class);
        kinds.put(SubnetSpec.KIND, SubnetSpec.class);
        kinds.put(NatGatewaySpec.KIND, NatGatewaySpec.class);
        kinds.put(RouteTableSpec.KIND, RouteTableSpec.class);
        kinds.put(NetworkAclSpec.KIND, NetworkAclSpec.class);
        kinds.put(SecurityGroupSpec.KIND, SecurityGroupSpec.class);
        kinds.put(InstanceRoleSpec.KIND, InstanceRoleSpec.class);
        kinds.put(LaunchTemplateSpec.KIND, LaunchTemplateSpec.class);
        kinds.put(AutoScalingGroupSpec.KIND, AutoScalingGroupSpec.class);
        kinds.put(BucketSpec.KIND, BucketSpec.class);
        kinds.put(DbSubnetGroupSpec.KIND, DbSubnetGroupSpec.class);
        kinds.put(AuroraClusterSpec.KIND, AuroraClusterSpec.class);
        kinds.put(LoadBalancerSpec.KIND, LoadBalancerSpec.class);
        kinds.put(TargetGroupSpec.KIND, TargetGroupSpec.class);
        kinds.put(ListenerSpec.KIND, ListenerSpec.class);
        kinds.put(ParameterSpec.KIND, ParameterSpec.class);
        kinds.put(QueueSpec.KIND, QueueSpec.class);
        kinds.put(TopicSpec.KIND, TopicSpec.class);
        kinds.put(DistributionSpec.KIND, DistributionSpec.class);
        kinds.put(FunctionSpec.KIND, FunctionSpec.class);
        return Collections.unmodifiableMap(kinds);
    }
}
