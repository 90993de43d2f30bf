package dev.converge.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.engine.SpecSource;
import dev.converge.testing.GitRemote;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching over SSH with a private key from a file, against an SSH server on the loopback that serves
 * the test repository: the server's host key must be in the configured known hosts.
 */
class GitSshTest {

    private static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: sshenv}
            spec: {region: us-east-1}
            """;

    @TempDir
    Path directory;

    private final KeyPair hostKey = keyPair();
    private final KeyPair clientKey = keyPair();
    private GitRemote remote;
    private Repository served;
    private SshServer server;

    @BeforeEach
    void start() throws IOException {
        remote = new GitRemote(directory);
        served = new FileRepositoryBuilder().setGitDir(Path.of(remote.url()).toFile()).setBare().build();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setCommandFactory((channel, command) -> new UploadPackCommand(served));
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(true);
        served.close();
        remote.close();
    }

    @Test
    void theKeyFromTheFile_fetchesFromAKnownHost() throws Exception {
        String commit = remote.push(Map.of("specs/env.yaml", SPEC), "sshenv");

        SpecSource.Candidate latest = source(knownHosts(hostKey)).latest();

        assertThat(latest.revision()).isEqualTo(commit);
        assertThat(latest.load().environments()).containsKey("sshenv");
    }

    @Test
    void aHostWhoseKeyIsNotKnown_isRefused() throws Exception {
        remote.push(Map.of("specs/env.yaml", SPEC), "sshenv");

        assertThatThrownBy(() -> source(knownHosts(keyPair())).latest()).isInstanceOf(IOException.class).hasMessageContaining("Server key did not validate");
    }

    private GitSpecSource source(Path knownHosts) throws IOException, GeneralSecurityException {
        Path key = directory.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(key)) {
            new OpenSSHKeyPairResourceWriter().writePrivateKey(clientKey, "converge", null, out);
        }
        String url = "ssh://git@127.0.0.1:" + server.getPort() + "/specs.git";
        return new GitSpecSource(new GitSettings(url, "main", "specs", Duration.ZERO, Duration.ofSeconds(30), Optional.of(directory.resolve("checkout")),
                new GitCredentials("git", Optional.empty(), Optional.of(key), Optional.of(knownHosts))), Clock.systemUTC());
    }

    private Path knownHosts(KeyPair host) throws IOException {
        return Files.writeString(directory.resolve("known_hosts"),
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code git-upload-pack} for any path: the server has one repository. */
    private static final class UploadPackCommand implements Command {

        private final Repository repository;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Repository repository) {
            this.repository = repository;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment environment) {
            Thread thread = new Thread(() -> {
                try {
                    new UploadPack(repository).upload(in, out, err);
                    out.flush();
                    exit.onExit(0);
                } catch (IOException e) {
                    exit.onExit(1, e.getMessage());
                }
            }, "upload-pack");
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {}
    }
}
