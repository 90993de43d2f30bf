package dev.converge.git;

import java.net.URISyntaxException;
import org.eclipse.jgit.transport.URIish;

/** Repository URLs fit for logs and metrics: an operator may put a token into the URL itself. */
public final class GitUrls {

    private GitUrls() {}

    public static String withoutCredentials(String url) {
        try {
            return new URIish(url).setUser(null).setPass(null).toString();
        } catch (URISyntaxException e) {
            // An unparsable URL may still hold a token somewhere: name no part of it.
            return "(unparsable git url)";
        }
    }
}
