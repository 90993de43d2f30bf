package dev.converge.aws;

import java.util.regex.Pattern;

/**
 * Names Converge sends to STS. A role session name and a source identity are 2 to 64 characters of
 * {@code [\w+=,.@-]} (AssumeRole API reference); AssumeRole refuses anything else, so an environment
 * whose name does not fit would never run.
 */
public final class StsNames {

    static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[\\w+=,.@-]{2," + MAX_LENGTH + "}");
    private static final Pattern INVALID_CHARACTER = Pattern.compile("[^\\w+=,.@-]");

    private StsNames() {}

    /**
     * {@code converge-<environment>}, with characters STS does not accept replaced by {@code -} and cut to
     * 64 characters: CloudTrail in the environment's account shows which environment a session served.
     */
    public static String sessionName(String environment) {
        String name = INVALID_CHARACTER.matcher("converge-" + environment).replaceAll("-");
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }

    /** The source identity as configured, refused unless STS would accept it: it is an audit record, never rewritten. */
    public static String sourceIdentity(String configured) {
        if (!VALID.matcher(configured).matches()) {
            throw new IllegalArgumentException("converge.aws.source-identity '" + configured
                    + "' is not 2 to 64 characters of letters, digits and +=,.@-_ as STS requires; set it explicitly");
        }
        return configured;
    }
}
