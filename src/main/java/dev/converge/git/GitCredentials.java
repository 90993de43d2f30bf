package dev.converge.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How to authenticate to the repository: an HTTPS token used as the password, or an SSH key with the
 * server's known host keys. Files are read on every fetch, so rotated secrets take effect at once; the
 * user's own {@code ~/.ssh} is never consulted.
 */
public record GitCredentials(String username, Optional<Path> tokenFile, Optional<Path> sshKeyFile, Optional<Path> knownHostsFile) {

    /** The token, if any; also what must never show in a log line. */
    Optional<String> token() throws IOException {
        return tokenFile.isPresent() ? Optional.of(SecretFile.read(tokenFile.get())) : Optional.empty();
    }

    CredentialsProvider https() throws IOException {
        Optional<String> token = token();
        return token.map(t -> new UsernamePasswordCredentialsProvider(username, t)).orElse(null);
    }

    /** Configures SSH transports only; other transports pass through untouched. */
    TransportConfigCallback ssh(Path workDirectory) {
        return transport -> {
            if (transport instanceof SshTransport ssh && sshKeyFile.isPresent()) {
                ssh.setSshSessionFactory(sessionFactory(workDirectory.toFile()));
            }
        };
    }

    private SshdSessionFactory sessionFactory(File home) {
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home)
                .setSshDirectory(new File(home, ".ssh"))
                .setConfigStoreFactory((homeDir, configFile, localUser) -> null)
                .setDefaultIdentities(dir -> List.of(sshKeyFile.get()))
                .setDefaultKnownHostsFiles(dir -> knownHostsFile.map(List::of).orElse(List.of()))
                .setPreferredAuthentications("publickey")
                .build(new JGitKeyCache());
    }
}
