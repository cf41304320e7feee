package dev.remolt.auth;

import dev.remolt.config.Config;
import dev.remolt.secrets.PrivateFiles;
import dev.remolt.secrets.UserVault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything sign-in and per-user secrets need, built once from the config: GitHub OAuth when both
 * halves of the app are set (else one local user), the cookie key ({@code COOKIE_SECRET}, or one
 * generated into {@code {data}/cookie-secret}), and the vault with its own generated key.
 */
public record SignIn(Identity identity, Optional<GitHubSignIn> github, Optional<CookieIdentity> cookieIdentity,
                     SignOuts signOuts, SetCookie cookies, UserVault vault, SandboxCredentials credentials) {

    public static SignIn from(Config config) throws IOException {
        Path data = config.dataDir();
        SetCookie cookies = new SetCookie(config.httpsPublicUrl());
        SignOuts signOuts = new SignOuts(data.resolve("auth").resolve("sign-outs.json"));
        // Its own key, so rotating COOKIE_SECRET signs everyone out but keeps their stored keys readable.
        UserVault vault = new UserVault(data.resolve("vault"), PrivateFiles.keyFile(data.resolve("secrets.key")));
        Allowlist allowlist = new Allowlist(config.allowedUsers(), config.allowedOrgs());
        Optional<GitHubClient> client = config.authEnabled()
                ? Optional.of(new GitHubClient(config.githubBaseUrl(), config.githubApiUrl(),
                        config.githubClientId().orElseThrow(), config.githubClientSecret().orElseThrow()))
                : Optional.empty();
        SandboxCredentials credentials = new SandboxCredentials(vault, client, allowlist, signOuts,
                Duration.ofSeconds(config.githubRecheckSeconds()));
        if (client.isEmpty()) {
            return new SignIn(new LocalIdentity(), Optional.empty(), Optional.empty(), signOuts, cookies, vault, credentials);
        }
        byte[] secret = config.cookieSecret().isPresent()
                ? config.cookieSecret().get().getBytes(StandardCharsets.UTF_8)
                : PrivateFiles.keyFile(data.resolve("cookie-secret"));
        CookieIdentity identity = new CookieIdentity(new AuthCookie(secret), signOuts, cookies);
        GitHubSignIn github = new GitHubSignIn(client.get(), allowlist, new SignInStates(new HmacKey(secret)), vault);
        return new SignIn(identity, Optional.of(github), Optional.of(identity), signOuts, cookies, vault, credentials);
    }
}
