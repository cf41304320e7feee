package dev.remolt.auth;

import java.util.List;
import java.util.Locale;

/**
 * Who may sign in: anyone with a GitHub account when both lists are empty; otherwise a login in
 * {@code REMOLT_ALLOWED_USERS} or a member of an organisation in {@code REMOLT_ALLOWED_ORGS}.
 * Matching is whole-name and case-insensitive: {@code corp} never admits {@code evilcorp}.
 */
public record Allowlist(List<String> users, List<String> orgs) {

    /** Supplies the user's organisations only when they are needed. */
    public interface Orgs {
        List<String> get() throws GitHubClient.GitHubException;
    }

    public boolean open() {
        return users.isEmpty() && orgs.isEmpty();
    }

    public boolean needsOrgs() {
        return !orgs.isEmpty();
    }

    public boolean allows(String login, Orgs memberOf) throws GitHubClient.GitHubException {
        if (open() || users.contains(lower(login))) return true;
        if (orgs.isEmpty()) return false;
        return memberOf.get().stream().map(Allowlist::lower).anyMatch(orgs::contains);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
