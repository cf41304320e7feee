package dev.remolt.apps;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Maps requests for an app's origin onto the server's {@code /apps/{session}/{port}} routes, before
 * routing: the app keeps its whole path space, HTTP and WebSocket alike, and the API's paths are
 * unreachable from an app origin.
 */
public final class AppHostRewrite extends Handler.Wrapper {
    /** Set on rewritten requests; the app routes refuse any request without it. */
    public static final String ATTRIBUTE = "remolt.app-host";
    public static final String PREFIX = "/apps/";

    private final AppHosts hosts;

    public AppHostRewrite(AppHosts hosts, Handler inner) {
        super(inner);
        this.hosts = hosts;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var app = hosts.parse(request.getHeaders().get(HttpHeader.HOST));
        if (app.isEmpty()) return super.handle(request, response, callback);
        HttpURI original = request.getHttpURI();
        String path = PREFIX + app.get().sessionId() + "/" + app.get().port() + original.getPath();
        HttpURI rewritten = HttpURI.build(original).path(path);
        Request wrapped = new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return rewritten;
            }
        };
        wrapped.setAttribute(ATTRIBUTE, app.get());
        return super.handle(wrapped, response, callback);
    }
}
