package dev.remolt.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.session.DefaultSessionCache;

/**
 * The server keeps no servlet sessions: sign-in lives in signed cookies. Javalin still opens one on
 * every WebSocket upgrade, accepted or refused (it copies the session's attributes while building
 * the upgrade's context), which let anonymous upgrades pile up sessions that never expired. Here
 * no session is ever announced as a cookie, and whatever a request opened ends with that request.
 */
final class NoServletSessions implements Filter {
    private NoServletSessions() {}

    static void install(ServletContextHandler context) {
        context.getSessionHandler().setUsingCookies(false);
        context.addFilter(new FilterHolder(new NoServletSessions()), "/*", EnumSet.allOf(DispatcherType.class));
    }

    /** How many servlet sessions the context holds in memory; zero between requests. */
    static long held(ServletContextHandler context) {
        return context.getSessionHandler().getSessionCache() instanceof DefaultSessionCache cache ? cache.getSessionsCurrent() : 0;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            HttpSession opened = ((HttpServletRequest) request).getSession(false);
            if (opened != null) opened.invalidate();
        }
    }
}
