package dev.converge.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.TopicSpec;
import dev.converge.model.DistributionSpec;
import dev.converge.model.KindSpec;
import dev.converge.model.Management;
import dev.converge.model.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A kind's field names are written once, as constants of its spec record that the planner, the drivers
 * and validation use; the YAML names come from the record's components through Jackson. These tests keep
 * the two from disagreeing: a constant whose text is not a field's YAML name, a field without a constant,
 * or a field map, replacement field or reference naming something the kind does not have fails here.
 */
class KindFieldNamesTest {

    /** Field names a kind derives rather than reads from YAML, each documented where it is declared. */
    private static final Map<Class<?>, Set<String>> DERIVED = Map.of(
            AutoScalingGroupSpec.class, Set.of(AutoScalingGroupSpec.INSTANCES_ON_LATEST),
            InstanceRoleSpec.class, Set.of(InstanceRoleSpec.INSTANCE_PROFILE),
            TopicSpec.class, Set.of(TopicSpec.QUEUE_POLICIES),
            DistributionSpec.class, Set.of(DistributionSpec.ORIGIN_ACCESS_CONTROL, DistributionSpec.BUCKET_POLICY));

    /** The fields every kind has, named in {@link KindSpec}, which are not in its field map. */
    private static final Set<String> COMMON = Set.of(KindSpec.TAGS, KindSpec.MANAGEMENT);

    static Stream<Class<? extends KindSpec>> kinds() {
        return SpecLoader.RESOURCE_KINDS.values().stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyFieldNameConstantIsTheYamlNameOfAFieldOfItsKind(Class<? extends KindSpec> kind) {
        Set<String> derived = DERIVED.getOrDefault(kind, Set.of());
        Map<String, String> constants = fieldNameConstants(kind);
        assertThat(constants).isNotEmpty();
        constants.forEach((constant, value) -> {
            assertThat(yamlNames(kind)).as(kind.getSimpleName() + "." + constant).contains(value);
            assertThat(constant).as("the constant for " + value).isEqualTo(upperSnake(value));
        });
        derived.forEach(name -> assertThat(yamlNames(kind)).as("a derived name is no YAML field").doesNotContain(name));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyFieldOfAKindHasItsConstant(Class<? extends KindSpec> kind) {
        Set<String> fields = new TreeSet<>(yamlNames(kind));
        assertThat(fields).containsAll(COMMON);
        fields.removeAll(COMMON);
        assertThat(new TreeSet<>(fieldNameConstants(kind).values())).isEqualTo(fields);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyFieldOfTheFieldMapIsAFieldOfTheKindOrADocumentedDerivedOne(Class<? extends KindSpec> kind) throws Exception {
        KindSpec spec = everyFieldDeclared(kind);
        Set<String> allowed = new TreeSet<>(yamlNames(kind));
        allowed.addAll(DERIVED.getOrDefault(kind, Set.of()));

        assertThat(spec.properties()).isNotEmpty();
        assertThat(spec.properties().keySet()).isSubsetOf(allowed);
        assertThat(spec.replacementFields()).isSubsetOf(spec.properties().keySet());
        assertThat(spec.sensitiveFields()).isSubsetOf(spec.properties().keySet());
        for (Reference reference : spec.references()) {
            assertThat(reference.field().split("[\\[.]", 2)[0]).as(reference.field()).isIn(allowed);
        }
    }

    /** The public static String constants of a spec record that name its fields: all but its kind and derived names. */
    private static Map<String, String> fieldNameConstants(Class<?> kind) {
        Set<String> derived = DERIVED.getOrDefault(kind, Set.of());
        Map<String, String> constants = new TreeMap<>();
        for (Field field : kind.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && field.getType() == String.class
                    && !field.getName().equals("KIND")) {
                try {
                    String value = (String) field.get(null);
                    if (!derived.contains(value)) {
                        constants.put(field.getName(), value);
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return constants;
    }

    /** The names Jackson binds the record's components to: {@code @JsonProperty} if given, else the component name. */
    private static Set<String> yamlNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(component -> {
            JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
            return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
        }).collect(Collectors.toSet());
    }

    private static String upperSnake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toUpperCase(java.util.Locale.ROOT);
    }

    /** A spec with every component declared, nested records and one-element lists included. */
    private static <T> T everyFieldDeclared(Class<T> record) throws Exception {
        RecordComponent[] components = record.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = declared(components[i].getGenericType());
        }
        return record.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object declared(Type type) throws Exception {
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            if (generic.getRawType() == List.class) {
                return List.of(declared(arguments[0]));
            }
            return Map.of(declared(arguments[0]), declared(arguments[1]));
        }
        Class<?> plain = (Class<?>) type;
        if (plain == String.class) {
            return "10.0.0.0/16"; // a CIDR block is also acceptable as a name, an id or a description
        } else if (plain == Integer.class || plain == int.class) {
            return 1;
        } else if (plain == Boolean.class || plain == boolean.class) {
            return true;
        } else if (plain == Management.class) {
            return Management.DEFAULT;
        } else if (JsonNode.class.isAssignableFrom(plain)) {
            return JsonNodeFactory.instance.objectNode();
        } else if (plain.isRecord()) {
            return everyFieldDeclared(plain);
        }
        throw new AssertionError("no value for " + type);
    }
}
