package dev.converge.git;

import dev.converge.engine.ConvergeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Which branch of which repository, where the specs are in it, and how to reach it. */
public record GitSettings(
        String url, String branch, String path, Duration pollInterval, Duration timeout, Optional<Path> checkoutDir,
        GitCredentials credentials) {

    public static Optional<GitSettings> of(ConvergeConfig.Git git) {
        return git.url().map(url -> new GitSettings(url, git.branch(), git.path(), git.pollInterval(), git.timeout(), git.checkoutDir(),
                new GitCredentials(git.username(), git.tokenFile(), git.sshKeyFile(), git.knownHostsFile())));
    }
}
