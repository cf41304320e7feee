package dev.remolt.auth;

import dev.remolt.secrets.UserVault;
import dev.remolt.session.SessionSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user's new sandbox gets as environment: their stored keys and, when signed in with GitHub,
 * their token as {@code GITHUB_TOKEN}. Before injecting a token not checked for a while, asks
 * GitHub again: a revoked grant or a user no longer on the allowlist is signed out instead.
 */
public final class SandboxCredentials implements SessionSecrets {
    private static final Logger log = LoggerFactory.getLogger(SandboxCredentials.class);

    private final UserVault vault;
    private final Optional<GitHubClient> github;
    private final Allowlist allowlist;
    private final SignOuts signOuts;
    private final Duration recheck;
    private final Map<String, Instant> checked = new ConcurrentHashMap<>();

    public SandboxCredentials(UserVault vault, Optional<GitHubClient> github, Allowlist allowlist, SignOuts signOuts,
                              Duration recheck) {
        this.vault = vault;
        this.github = github;
        this.allowlist = allowlist;
        this.signOuts = signOuts;
        this.recheck = recheck;
    }

    /** Marks a token just confirmed by a sign-in. */
    public void confirmed(String user) {
        checked.put(user, Instant.now());
    }

    @Override
    public Map<String, String> forNewSandbox(String owner) {
        UserVault.Contents contents = vault.of(owner);
        Map<String, String> env = new LinkedHashMap<>();
        if (contents.githubToken() != null && github.isPresent()) {
            if (stillAllowed(owner, contents.githubToken(), github.get())) {
                env.put("GITHUB_TOKEN", contents.githubToken());
                // git's identity defaults to the account's; the launch form's, when given, wins.
                env.put("GIT_USER_NAME", oneLine(contents.name()).orElse(owner));
                env.put("GIT_USER_EMAIL", oneLine(contents.email()).orElse(owner + "@users.noreply.github.com"));
            } else {
                vault.forgetGitHubToken(owner);
                signOuts.signOut(owner);
                checked.remove(owner);
                throw new NotSignedInException("Your GitHub access was revoked or is no longer allowed here; sign in again.");
            }
        }
        // A key the user stored on purpose wins over the token of their sign-in.
        env.putAll(contents.keys());
        return env;
    }

    private static Optional<String> oneLine(String value) {
        return Optional.ofNullable(value).map(v -> v.replaceAll("\\p{Cntrl}", "").strip()).filter(v -> !v.isEmpty() && v.length() <= 512);
    }

    private boolean stillAllowed(String owner, String token, GitHubClient client) {
        Instant last = checked.get(owner);
        if (last != null && last.plus(recheck).isAfter(Instant.now())) return true;
        try {
            GitHubClient.GitHubUser user = client.user(token);
            boolean allowed = user.login().equalsIgnoreCase(owner) && allowlist.allows(user.login(), () -> client.orgs(token));
            if (allowed) checked.put(owner, Instant.now());
            else log.info("GitHub user {} is no longer allowed; signed out", owner);
            return allowed;
        } catch (GitHubClient.GitHubException e) {
            if (e.refused()) {
                log.info("the GitHub token of user {} was revoked; signed out", owner);
                return false;
            }
            // GitHub is down: keep working with the token; GitHub itself still refuses a revoked one.
            log.warn("cannot recheck the GitHub access of user {}: {}", owner, e.getMessage());
            return true;
        }
    }
}
