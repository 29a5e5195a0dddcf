package io.wizzygen.ai;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where an engine may connect. {@link #ANYWHERE} is for the operator's own endpoints and for local mode, whose one
 * user is the operator: any http(s) URL. {@link #publicOnly} is for base URLs a team member chose: the URL is parsed
 * strictly (http or https, no user-info, query or fragment), its host is resolved once and refused when any address
 * is not a public internet address (loopback, private, link-local, multicast, unspecified, shared or reserved)
 * unless the operator allowed that host; the request then goes to the very address that was checked (no second
 * lookup a changed DNS answer could redirect), and the host's own words in an error answer are not passed on.
 * The policy is decided by {@code setup} and handed in; the ai room reads no configuration itself.
 */
public final class Egress {

    /** The operator's own endpoints, and local mode: today's freedom. */
    public static final Egress ANYWHERE = new Egress(false, List.of(), Egress::systemResolve);

    private final boolean guarded;
    private final List<AllowedHost> allowed;
    private final Resolver resolver;

    private Egress(boolean guarded, List<AllowedHost> allowed, Resolver resolver) {
        this.guarded = guarded;
        this.allowed = List.copyOf(allowed);
        this.resolver = resolver;
    }

    /** Members' URLs: public internet addresses only, plus the hosts the operator allowed. */
    public static Egress publicOnly(List<AllowedHost> allowed) {
        return new Egress(true, allowed, Egress::systemResolve);
    }

    /** As {@link #publicOnly(List)} with a resolver of one's own (tests). */
    static Egress publicOnly(List<AllowedHost> allowed, Resolver resolver) {
        return new Egress(true, allowed, resolver);
    }

    /** How a name becomes addresses: the system's resolver, or a test's. */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** True for members' URLs: checked, pinned, and the host's words withheld. */
    public boolean guarded() {
        return guarded;
    }

    /** Refuses a base URL this policy cannot use, in words that say how to fix it. */
    public void checkBaseUrl(String url) {
        if (!guarded) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw notHttp(url);
            }
            return;
        }
        URI uri = strictlyParsed(url);
        if (uri.getRawQuery() != null || url.contains("?")) {
            throw new IllegalArgumentException("The AI base URL must not have a query (the part from \"?\"): Wizzygen adds the paths itself. "
                    + "Use one like https://api.example.com/v1.");
        }
    }

    /** Where a request for {@code uri} really goes; for members' URLs the checked address, or an error that says why not. */
    Destination destination(URI uri) {
        if (!guarded) {
            return new Destination(uri, null, null);
        }
        URI checked = strictlyParsed(uri.toString());
        String host = bare(checked.getHost());
        int port = checked.getPort() >= 0 ? checked.getPort() : checked.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        InetAddress address = checkedAddress(host, port);
        boolean literal = isLiteral(host);
        String hostLiteral = address instanceof Inet6Address ? "[" + withoutScope(address.getHostAddress()) + "]" : address.getHostAddress();
        URI pinned = URI.create(checked.getScheme().toLowerCase(Locale.ROOT) + "://" + hostLiteral + ":" + port + checked.getRawPath()
                + (checked.getRawQuery() == null ? "" : "?" + checked.getRawQuery()));
        boolean tls = checked.getScheme().equalsIgnoreCase("https");
        return new Destination(pinned, literal ? null : checked.getRawAuthority(), tls && !literal ? host : null);
    }

    /**
     * A request's real target: {@code uri} (an address literal for members' URLs), the Host header to send when the
     * URL named a host (null: the URI's own), and the name TLS must verify the certificate against (null: the URI's).
     */
    record Destination(URI uri, String hostHeader, String serverName) {
    }

    private InetAddress checkedAddress(String host, int port) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            throw refused(host, port);
        }
        boolean allowedByName = allowed.stream().anyMatch(entry -> entry.matches(host, port));
        for (InetAddress address : addresses) {
            if (!allowedByName && !isPublic(address) && allowed.stream().noneMatch(entry -> entry.matches(address, port))) {
                throw refused(host, port);
            }
        }
        return addresses.getFirst();
    }

    /** One message for "not public" and "not found": the answer must not tell a member what the server's network holds. */
    private static AiException refused(String host, int port) {
        String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return AiException.of(AiException.Kind.STOP, "This team server does not connect to " + hostPort + " for its members: the name does not "
                + "lead to a public internet address. Check the base URL in Settings; for a server of your team (e.g. Ollama), ask the operator "
                + "to allow it with wizzygen serve --allow-ai-host " + hostPort + ".");
    }

    private static IllegalArgumentException notHttp(String url) {
        return new IllegalArgumentException("The base URL must start with http:// or https://, e.g. http://localhost:11434/v1 (\"" + url + "\" does not).");
    }

    private static URI strictlyParsed(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The AI base URL \"" + url + "\" is not a valid URL. Use one like https://api.example.com/v1.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw notHttp(url);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The AI base URL must not carry a user name or password (the part before \"@\"); "
                    + "paste the key into the API key field instead.");
        }
        if (uri.getRawFragment() != null || url.contains("#")) {
            throw new IllegalArgumentException("The AI base URL must not have a fragment (the part from \"#\"). Use one like https://api.example.com/v1.");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The AI base URL \"" + url + "\" names no host Wizzygen can use. Use one like https://api.example.com/v1.");
        }
        return uri;
    }

    /**
     * Public: reachable on the internet at large. Not loopback, private (RFC 1918, fc00::/7), link-local (169.254/16
     * with the cloud metadata address, fe80::/10), multicast, unspecified, shared (100.64/10), 0/8 or reserved (240/4).
     */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 && first < 240 && !(first == 100 && second >= 64 && second < 128);
        }
        if ((bytes[0] & 0xfe) == 0xfc) {
            return false; // unique local fc00::/7
        }
        boolean v4Embedded = Arrays.equals(Arrays.copyOf(bytes, 12), new byte[12]); // ::a.b.c.d (IPv4-compatible)
        if (v4Embedded) {
            try {
                return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
            } catch (UnknownHostException impossible) {
                return false;
            }
        }
        return true;
    }

    private static List<InetAddress> systemResolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String withoutScope(String address) {
        int scope = address.indexOf('%');
        return scope < 0 ? address : address.substring(0, scope);
    }

    /**
     * A host the operator allows members to reach although it is not public ({@code serve --allow-ai-host HOST[:PORT]}):
     * a name (matched as the member wrote it) or an address (matched against what the name resolves to), on one
     * port or, without one, any.
     */
    public record AllowedHost(String host, int port) {

        public AllowedHost {
            host = bare(host.strip().toLowerCase(Locale.ROOT));
        }

        /** "HOST", "HOST:PORT", "[IPv6]:PORT"; a plain error for anything else. */
        public static AllowedHost parse(String text) {
            String value = text == null ? "" : text.strip();
            URI uri;
            try {
                uri = new URI("http://" + value);
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (value.isEmpty() || uri == null || uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("--allow-ai-host \"" + value + "\" is not HOST or HOST:PORT. Write it like 127.0.0.1:11434, "
                        + "ollama.internal:11434 or [::1]:8080.");
            }
            return new AllowedHost(uri.getHost(), uri.getPort());
        }

        boolean matches(String name, int wantedPort) {
            return host.equalsIgnoreCase(bare(name)) && portMatches(wantedPort);
        }

        boolean matches(InetAddress address, int wantedPort) {
            if (!isLiteral(host) || !portMatches(wantedPort)) {
                return false;
            }
            try {
                return InetAddress.getByName(host).equals(address);
            } catch (UnknownHostException notAnAddress) {
                return false;
            }
        }

        private boolean portMatches(int wantedPort) {
            return port < 0 || port == wantedPort;
        }

        @Override
        public String toString() {
            String shown = host.contains(":") ? "[" + host + "]" : host;
            return port < 0 ? shown : shown + ":" + port;
        }
    }
}
