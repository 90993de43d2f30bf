package dev.converge.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the published JSON Schema ({@code docs/converge.schema.json}) says about a spec field beyond its
 * Java type, so that editors flag mistakes as people type. The validator enforces the same rules, with
 * located messages; the schema is generated from these records and never edited by hand.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface SpecField {

    boolean required() default false;

    /** The values the field accepts, when they are a fixed list. */
    String[] values() default {};

    /** The field is text, but YAML may write it as a number ({@code ports: 443}). */
    boolean numberAllowed() default false;

    /** The smallest number the field accepts; NaN for no bound. */
    double minimum() default Double.NaN;

    /** The largest number the field accepts; NaN for no bound. */
    double maximum() default Double.NaN;

    /**
     * The field can hold secrets (user data with a token, a policy naming a partner's account): plans,
     * the audit log and the status API show a digest of its value, never the text. See {@link Sensitive}.
     */
    boolean sensitive() default false;
}
