package dev.converge.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitUrlsTest {

    @Test
    void userAndTokenInTheUrl_areLeftOut() {
        assertThat(GitUrls.withoutCredentials("https://x-access-token:ghp_secret@github.example/org/specs.git"))
                .isEqualTo("https://github.example/org/specs.git");
        assertThat(GitUrls.withoutCredentials("ssh://git@git.example:2222/org/specs.git"))
                .isEqualTo("ssh://git.example:2222/org/specs.git");
    }

    @Test
    void urlsWithoutCredentials_areKept() {
        assertThat(GitUrls.withoutCredentials("https://git.example/org/specs.git")).isEqualTo("https://git.example/org/specs.git");
        assertThat(GitUrls.withoutCredentials("/srv/git/specs.git")).isEqualTo("/srv/git/specs.git");
    }
}
