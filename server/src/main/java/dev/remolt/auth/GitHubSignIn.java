package dev.remolt.auth;

import dev.remolt.secrets.UserVault;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of GitHub's OAuth web flow. The user's identity comes only from GitHub's
 * {@code /user} answer to the token the code was exchanged for, never from the request.
 */
public final class GitHubSignIn {
    private static final Logger log = LoggerFactory.getLogger(GitHubSignIn.class);

    /** How a callback ended: signed in (with where to go), or refused (with the status and a message for the page). */
    public sealed interface Outcome {
        record SignedIn(String user, String next) implements Outcome {}

        record Refused(int status, String message) implements Outcome {}
    }

    private final GitHubClient github;
    private final Allowlist allowlist;
    private final SignInStates states;
    private final UserVault vault;

    public GitHubSignIn(GitHubClient github, Allowlist allowlist, SignInStates states, UserVault vault) {
        this.github = github;
        this.allowlist = allowlist;
        this.states = states;
        this.vault = vault;
    }

    public String scope() {
        // repo: git push from the sandbox; read:org: private organisation memberships for the allowlist.
        return allowlist.needsOrgs() ? "read:user user:email repo read:org" : "read:user user:email repo";
    }

    public GitHubClient client() {
        return github;
    }

    public SignInStates states() {
        return states;
    }

    /** Finishes the sign-in of {@code state}, whose signed cookie the browser brought as {@code stateCookie}. */
    public Outcome complete(String code, String state, String stateCookie) {
        if (code == null || code.isBlank() || code.length() > 256 || state == null) {
            return new Outcome.Refused(400, "The sign-in answer from GitHub is incomplete.");
        }
        Optional<SignInStates.Pending> started = states.finish(state, stateCookie, Instant.now());
        if (started.isEmpty()) {
            return new Outcome.Refused(400, "This sign-in link has expired, was already used, or was started in another browser.");
        }
        try {
            String token = github.exchange(code, started.get().codeVerifier());
            GitHubClient.GitHubUser user = github.user(token);
            if (!allowlist.allows(user.login(), () -> github.orgs(token))) {
                log.info("sign-in refused for GitHub user {}: not on the allowlist", user.login());
                return new Outcome.Refused(403, "Your GitHub account is not allowed on this server.");
            }
            vault.putGitHub(user.login(), token, user.name(), user.email());
            log.info("GitHub user {} signed in", user.login());
            return new Outcome.SignedIn(user.login(), started.get().next());
        } catch (GitHubClient.GitHubException e) {
            log.warn("GitHub sign-in failed: {}", e.getMessage());
            return e.status() == 0 || e.status() >= 500
                    ? new Outcome.Refused(502, "GitHub could not be reached; try again.")
                    : new Outcome.Refused(400, "GitHub did not accept this sign-in; try again.");
        }
    }
}
