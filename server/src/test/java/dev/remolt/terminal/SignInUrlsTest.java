package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Recorded screen shapes (as tmux capture-pane -J prints them) of sign-in prompts, and of screens without one. */
class SignInUrlsTest {
    private static final String CLAUDE_URL = "https://claude.ai/oauth/authorize?code=true&client_id=9d1c250a-e61b-44d9-88ed-"
            + "5944d1962f5e&response_type=code&redirect_uri=https%3A%2F%2Fconsole.anthropic.com%2Foauth%2Fcode%2Fcallback"
            + "&scope=org%3Acreate_api_key+user%3Aprofile+user%3Ainference&code_challenge=Vbq3H0oRZ8s2Jd4kq1oQm0pLw9u"
            + "Xr7yT2eWc6nF5aB4&code_challenge_method=S256&state=3kPq9vT0zW8sY1xR6uN2mL5jH7gF4dC";

    /** Claude Code's login screen: Ink breaks the long URL itself at the 80-column width. */
    @Test
    @DisplayName("a Claude Code login URL broken across lines at the screen width is joined whole")
    void claudeLoginWrappedByTheApplication() {
        StringBuilder screen = new StringBuilder(" Browser didn't open? Use the url below to sign in:\n\n");
        for (int i = 0; i < CLAUDE_URL.length(); i += 80) screen.append(CLAUDE_URL, i, Math.min(CLAUDE_URL.length(), i + 80)).append('\n');
        screen.append("\n\n Paste code here if prompted >\n");
        Optional<SignInUrls.SignInUrl> found = SignInUrls.find(screen.toString(), 80);
        assertThat(found).isPresent();
        assertThat(found.get().url()).isEqualTo(CLAUDE_URL);
        assertThat(found.get().provider()).isEqualTo("claude");
    }

    @Test
    @DisplayName("a URL inside a drawn box is joined without the box's edges")
    void urlInsideABox() {
        String url = "https://console.anthropic.com/oauth/authorize?client_id=abc&response_type=code&state=xyz0123456789";
        String screen = "╭──────────────────────────────────────────────╮\n"
                + "│ " + url.substring(0, 44) + " │\n"
                + "│ " + url.substring(44, 88) + " │\n"
                + "│ " + String.format("%-44s", url.substring(88)) + " │\n"
                + "╰──────────────────────────────────────────────╯\n";
        assertThat(SignInUrls.find(screen, 48)).map(SignInUrls.SignInUrl::url).hasValue(url);
    }

    @Test
    @DisplayName("gh auth login's device flow gives the device URL and the one-time code")
    void ghAuthLoginDeviceFlow() {
        String screen = """
                ? What account do you want to log into? GitHub.com
                ? You're logging into GitHub.com. How would you like to authenticate GitHub CLI? Login with a web browser

                ! First copy your one-time code: 4F2A-9C1B
                Press Enter to open github.com in your browser...
                ! Failed opening a web browser at https://github.com/login/device
                  exec: "xdg-open,x-www-browser,www-browser,wslview": executable file not found in $PATH
                  Please try entering the URL in your browser manually
                """;
        var found = SignInUrls.find(screen, 100).orElseThrow();
        assertThat(found.url()).isEqualTo("https://github.com/login/device");
        assertThat(found.provider()).isEqualTo("github");
        assertThat(found.code()).isEqualTo("4F2A-9C1B");
    }

    @Test
    @DisplayName("a generic OAuth authorize URL counts, trailing punctuation does not")
    void genericOauth() {
        String screen = "Open this link to continue: https://auth.example.org/oauth2/authorize?client_id=x&response_type=code.\n";
        assertThat(SignInUrls.find(screen, 120)).map(SignInUrls.SignInUrl::url)
                .hasValue("https://auth.example.org/oauth2/authorize?client_id=x&response_type=code");
    }

    @Test
    @DisplayName("ordinary links and error screens raise no banner")
    void noFalsePositives() {
        String offline = """
                 ✻ Welcome to Claude Code!

                 Unable to connect to Anthropic services

                 Failed to connect to api.anthropic.com: ERR_BAD_REQUEST
                 Please check your internet connection and network settings.

                 Note: Claude Code might not be available in your country. Check supported countries at
                 https://anthropic.com/supported-countries
                """;
        assertThat(SignInUrls.find(offline, 100)).isEmpty();
        assertThat(SignInUrls.find("see https://docs.example.com/guide and http://localhost:3000/\n", 80)).isEmpty();
        assertThat(SignInUrls.find("", 80)).isEmpty();
    }
}
