package dev.converge.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything an operator can set, as Quarkus configuration (so also as CONVERGE_* environment variables). */
@ConfigMapping(prefix = "converge")
public interface ConvergeConfig {

    /** The value of the {@code converge:managed-by} tag: two installations with different names never fight. */
    @WithName("controller-name")
    @WithDefault("converge")
    String controllerName();

    /** How often passes run; read by the scheduler as {@code converge.interval}. */
    @WithDefault("60s")
    Duration interval();

    Specs specs();

    /** Specs pulled from a git branch instead of {@link #specs()}. */
    Git git();

    Aws aws();

    /** How many environments converge at the same time. */
    @WithName("max-parallel-environments")
    @WithDefault("4")
    int maxParallelEnvironments();

    /** Observe-plan-execute rounds within one pass, so creations and their follow-up settings finish together. */
    @WithName("max-rounds")
    @WithDefault("3")
    int maxRounds();

    Api api();

    interface Api {
        /**
         * A file holding the bearer token of the API's mutating endpoints, as a Kubernetes secret mounts it;
         * read on every request so a rotated secret takes effect without a restart. Unset disables them.
         */
        @WithName("token-file")
        Optional<java.nio.file.Path> tokenFile();

        /**
         * Whether the read endpoints ({@code GET /api/environments…}, {@code GET /api/spec}) need the token too;
         * the live plan, which reaches AWS, always does.
         */
        @WithName("token-for-reads")
        @WithDefault("false")
        boolean tokenForReads();

        /**
         * How long a live plan's observation answers later requests for the same environment and spec
         * revision: callers cannot drive AWS calls faster than one observation per environment per period.
         */
        @WithName("plan-cache")
        @WithDefault("10s")
        Duration planCache();
    }

    Guards guards();

    /** Event-driven observation from CloudTrail through EventBridge and SQS, beside the periodic pass. */
    Events events();

    interface Events {
        /**
         * Converge sets up its own rule and queues in each environment's account and region and consumes
         * the queue of each environment this replica owns; off, it removes them.
         */
        @WithDefault("false")
        boolean enabled();

        /** How long one receive waits for events (long polling, at most 20 s). */
        @WithName("receive-wait")
        @WithDefault("20s")
        Duration receiveWait();

        /** How long a received event stays hidden before it comes back unless handled: longer than a pass over its kinds. */
        @WithName("visibility-timeout")
        @WithDefault("300s")
        Duration visibilityTimeout();

        /** The most events one pass handles: a burst is coalesced into passes of up to this many. */
        @WithName("max-batch")
        @WithDefault("500")
        int maxBatch();

        /** How long a consumer waits before asking again after an error, or while another replica owns the environment. */
        @WithName("retry-delay")
        @WithDefault("5s")
        Duration retryDelay();
    }

    Leases lease();

    ApprovalSettings approvals();

    /** Where approvals of held steps are kept, and how long one stays usable. */
    interface ApprovalSettings {
        /** How long an approval stays usable after it was given; an unused one lapses then. */
        @WithName("expire-after")
        @WithDefault("24h")
        Duration expireAfter();

        /**
         * {@code kubernetes} (a ConfigMap in the release namespace) or {@code file}; unset means kubernetes exactly
         * in a cluster (where {@code KUBERNETES_SERVICE_HOST} is set), else file.
         */
        Optional<String> store();

        /** The file of the {@code file} store. */
        @WithDefault(".converge/approvals.json")
        Path file();

        /** The namespace of the {@code kubernetes} store; {@code POD_NAMESPACE}, else the service account's, when unset. */
        Optional<String> namespace();
    }

    /**
     * Environment leases between replicas: each environment is changed by at most one replica at a time,
     * and the replicas share the environments fairly.
     */
    interface Leases {
        /** Unset means on exactly in a Kubernetes cluster (where {@code KUBERNETES_SERVICE_HOST} is set). */
        Optional<Boolean> enabled();

        /** How long a lease holds without renewal; whole seconds. */
        @WithDefault("30s")
        Duration duration();

        /** How often a replica renews its leases and recomputes its share; shorter than the duration less the margin. */
        @WithName("renew-period")
        @WithDefault("10s")
        Duration renewPeriod();

        /** How long before its lease could expire a replica stops mutating: more than the clock skew between replicas. */
        @WithDefault("5s")
        Duration margin();

        /** This replica in the leases; the pod name ({@code POD_NAME}, else {@code HOSTNAME}) when unset. */
        Optional<String> identity();

        /** Where the leases live; {@code POD_NAMESPACE}, else the service account's namespace, when unset. */
        Optional<String> namespace();
    }

    /** What keeps a pass from doing too much; see {@link PassGuards}. */
    interface Guards {
        /** The share of an environment's managed resources one plan may delete; an Environment may set its own. */
        @WithName("max-delete-fraction")
        @WithDefault("0.25")
        double maxDeleteFraction();

        /** When set, the only environments Converge touches; the others are skipped without an AWS call. */
        @WithName("allowed-environments")
        Optional<List<String>> allowedEnvironments();

        /** Passes in a row needing the same change before a resource is flagged as flapping and backed off. */
        @WithName("loop-threshold")
        @WithDefault("3")
        int loopThreshold();

        /** The longest a flapping or failing resource is held back, in passes. */
        @WithName("max-backoff-passes")
        @WithDefault("16")
        int maxBackoffPasses();
    }

    interface Specs {
        /** A spec file or a directory of them. */
        @WithDefault("specs")
        String path();
    }

    /** Credentials are read from files, as Kubernetes mounts secrets, on every use: a rotated secret needs no restart. */
    interface Git {
        /** The repository; when set, it replaces {@code converge.specs.path}. */
        Optional<String> url();

        @WithDefault("main")
        String branch();

        /** The spec file or directory inside the repository. */
        @WithDefault("specs")
        String path();

        /** How often to fetch; a webhook call fetches at once. */
        @WithName("poll-interval")
        @WithDefault("60s")
        Duration pollInterval();

        /**
         * The longest one fetch may take: JGit's connect and read timeout, and how long a pass waits for
         * the fetch before it goes on with the commit in force (the fetch then counts as failed).
         */
        @WithDefault("30s")
        Duration timeout();

        /** Where the fetched repository is kept; a temporary directory when unset. */
        @WithName("checkout-dir")
        Optional<Path> checkoutDir();

        /** The user name sent with the HTTPS token. */
        @WithDefault("git")
        String username();

        /** An HTTPS access token, sent as the password. */
        @WithName("token-file")
        Optional<Path> tokenFile();

        /** An SSH private key (OpenSSH or PEM format, without passphrase). */
        @WithName("ssh-key-file")
        Optional<Path> sshKeyFile();

        /** The known_hosts lines of the SSH server; a server not listed there is refused. */
        @WithName("known-hosts-file")
        Optional<Path> knownHostsFile();

        /** The shared secret of {@code POST /api/webhook/git}; without it the webhook is off. */
        @WithName("webhook-secret-file")
        Optional<Path> webhookSecretFile();
    }

    interface Aws {
        /** Endpoint override for every AWS client, such as a local emulator; unset means real AWS. */
        Optional<URI> endpoint();

        /** Region of environments that do not name one. */
        @WithDefault("us-east-1")
        String region();

        @WithName("call-timeout")
        @WithDefault("60s")
        Duration callTimeout();

        /** Start a local moto server and use it as the endpoint: the embedded default of the run command. */
        @WithName("local-emulator")
        @WithDefault("false")
        boolean localEmulator();

        /**
         * When set, the only accounts Converge touches, whatever the spec says: an environment in another
         * account, or naming none, is skipped without an AWS call.
         */
        @WithName("allowed-accounts")
        Optional<List<String>> allowedAccounts();

        /**
         * Every environment must name its {@code accountId}, its role must be in that account, and it may not
         * run on the controller's own credentials unless {@link #allowBaseCredentials()}. Unset means on exactly
         * under {@code serve} against real AWS (no endpoint override, no local emulator); the one-shot commands
         * turn it off unless set.
         */
        @WithName("require-account-ids")
        Optional<Boolean> requireAccountIds();

        /** With account ids required, an environment without {@code roleArn} may run on the controller's own credentials. */
        @WithName("allow-base-credentials")
        @WithDefault("false")
        boolean allowBaseCredentials();

        /** Sent as {@code SourceIdentity} on AssumeRole; the controller name when unset. */
        @WithName("source-identity")
        Optional<String> sourceIdentity();

        /**
         * A file to which the process appends, as it exits, every AWS operation it called ({@code service operation
         * calls} a line): what a role's policy must allow for what ran, as the tests check it against {@code iam/}.
         */
        @WithName("operations-file")
        Optional<java.nio.file.Path> operationsFile();

        Retry retry();

        @WithName("circuit-breaker")
        CircuitBreaker circuitBreaker();

        @WithName("rate-limit")
        RateLimit rateLimit();
    }

    /** Retries of throttled, failed (5xx) and unreachable AWS requests, with exponential backoff and full jitter. */
    interface Retry {
        @WithName("max-attempts")
        @WithDefault("5")
        int maxAttempts();

        @WithName("initial-backoff")
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithName("max-backoff")
        @WithDefault("10s")
        Duration maxBackoff();
    }

    /** One breaker per environment and AWS service: an endpoint that keeps failing fails passes fast. */
    interface CircuitBreaker {
        @WithName("failure-rate-threshold")
        @WithDefault("50")
        float failureRateThreshold();

        @WithName("wait-in-open")
        @WithDefault("30s")
        Duration waitInOpen();

        @WithName("minimum-calls")
        @WithDefault("10")
        int minimumCalls();
    }

    /** Requests per second to one AWS service of one account, to stay under its API limits. */
    interface RateLimit {
        @WithName("per-second")
        @WithDefault("20")
        int perSecond();
    }
}
