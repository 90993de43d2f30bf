package dev.converge.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on loopback in front of moto that makes AWS misbehave: per rule, a share of the requests
 * (of every operation, or of some) is throttled, fails with a 500 or a 400, is answered slowly, or has
 * its connection closed without an answer. Faults other than slowness are answered by the proxy itself,
 * so the request never reaches moto. Draws come from a seeded Random; what was injected is counted.
 * Apart from the rules, the requests of one region can be held until released: an endpoint that
 * answers, but only after a wait that the test ends, with no timing involved.
 *
 * <p>Operations are named {@code service:Action} for query APIs ({@code ec2:DescribeVpcs},
 * {@code sts:AssumeRole}) and {@code s3:METHOD /path?subresources} for S3 ({@code s3:PUT /bucket?versioning}).
 */
public final class FaultProxy implements AutoCloseable {

    public enum Fault {
        /** The service's throttling error: EC2 {@code RequestLimitExceeded} and S3 {@code SlowDown} as 503, STS {@code Throttling} as 400. */
        THROTTLE,
        /** HTTP 500 {@code InternalError}. */
        SERVER_ERROR,
        /** HTTP 400 {@code InvalidParameterValue}: the caller's mistake, which no retry can fix. */
        INVALID_PARAMETER,
        /** Forwarded after a delay. */
        SLOW,
        /** The connection is closed without a response. */
        RESET
    }

    private record Rule(Fault fault, double rate, Predicate<String> operations) {}

    private static final Set<String> UNFORWARDED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding");
    private static final Pattern SIGNING_SERVICE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/");
    private static final Pattern SIGNING_REGION = Pattern.compile("Credential=[^/]+/[^/]+/([^/]+)/");
    private static final Pattern QUERY_ACTION = Pattern.compile("(?:^|&)Action=([^&]+)");

    private final URI target;
    private final Random random;
    private final Duration delay;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final int port;
    private final AtomicLong held = new AtomicLong();
    private volatile String heldRegion;
    private volatile CountDownLatch holding = new CountDownLatch(0);
    private HttpServer server;

    private FaultProxy(URI target, long seed, Duration delay) {
        this.target = target;
        this.random = new Random(seed);
        this.delay = delay;
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicLong());
        }
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    /** A proxy to {@code target} on a free loopback port; {@code SLOW} answers {@code delay} late. */
    public static FaultProxy start(URI target, long seed, Duration delay) {
        return new FaultProxy(target, seed, delay);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Injects {@code fault} into a share {@code rate} of all requests. */
    public FaultProxy inject(Fault fault, double rate) {
        return inject(fault, rate, operation -> true);
    }

    /** Injects {@code fault} into a share {@code rate} of the requests whose operation matches. */
    public FaultProxy inject(Fault fault, double rate, Predicate<String> operations) {
        rules.add(new Rule(fault, rate, operations));
        return this;
    }

    /** Holds every request signed for {@code region} until {@link #release()}; other regions pass as before. */
    public synchronized FaultProxy hold(String region) {
        holding = new CountDownLatch(1);
        heldRegion = region;
        return this;
    }

    /** Forwards the held requests and stops holding. */
    public synchronized void release() {
        heldRegion = null;
        holding.countDown();
    }

    /** Requests held so far. */
    public long held() {
        return held.get();
    }

    /** Forwards everything from now on. */
    public void heal() {
        rules.clear();
    }

    public long injected(Fault fault) {
        return injected.get(fault).get();
    }

    /** Faults injected so far, all kinds together. */
    public long injected() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Requests that reached the proxy for an operation, whether or not they were faulted. */
    public long requests(String operation) {
        AtomicLong count = requests.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Closes the port: the endpoint refuses connections until {@link #resume()}. */
    public synchronized void stop() {
        server.stop(0);
    }

    /** Listens on the same port again. */
    public synchronized void resume() {
        server = listen(port);
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            listening.setExecutor(handlers);
            listening.createContext("/", this::handle);
            listening.start();
            return listening;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String service = service(exchange);
            String operation = service + ":" + operation(service, exchange, body);
            requests.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
            awaitReleaseIfHeld(exchange);
            Fault fault = draw(operation);
            if (fault != null) {
                injected.get(fault).incrementAndGet();
            }
            if (fault == null || fault == Fault.SLOW) {
                if (fault == Fault.SLOW) {
                    pause();
                }
                forward(exchange, body);
            } else if (fault != Fault.RESET) {
                answer(exchange, service, fault);
            }
            // RESET: closing the exchange before any response closes the connection
        }
    }

    private synchronized Fault draw(String operation) {
        double draw = random.nextDouble();
        double bound = 0;
        for (Rule rule : rules) {
            if (rule.operations().test(operation)) {
                bound += rule.rate();
                if (draw < bound) {
                    return rule.fault();
                }
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .method(exchange.getRequestMethod(),
                        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!UNFORWARDED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!UNFORWARDED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        send(exchange, response.statusCode(), response.body());
    }

    private static void answer(HttpExchange exchange, String service, Fault fault) throws IOException {
        int status = switch (fault) {
            case THROTTLE -> service.equals("sts") ? 400 : 503;
            case SERVER_ERROR -> 500;
            default -> 400;
        };
        String code = switch (fault) {
            case THROTTLE -> switch (service) {
                case "ec2" -> "RequestLimitExceeded";
                case "s3" -> "SlowDown";
                default -> "Throttling";
            };
            case SERVER_ERROR -> "InternalError";
            default -> "InvalidParameterValue";
        };
        String error = "<Code>" + code + "</Code><Message>" + code + " injected by the fault proxy</Message>";
        String xml = switch (service) {
            case "ec2" -> "<Response><Errors><Error>" + error + "</Error></Errors><RequestID>fault-proxy</RequestID></Response>";
            case "s3" -> "<Error>" + error + "<RequestId>fault-proxy</RequestId></Error>";
            default -> "<ErrorResponse><Error><Type>Sender</Type>" + error + "</Error><RequestId>fault-proxy</RequestId></ErrorResponse>";
        };
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        send(exchange, status, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            exchange.getResponseBody().write(body);
        }
    }

    private void pause() throws IOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void awaitReleaseIfHeld(HttpExchange exchange) throws IOException {
        CountDownLatch latch = holding;
        Matcher region = SIGNING_REGION.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        if (heldRegion != null && region.find() && region.group(1).equals(heldRegion)) {
            held.incrementAndGet();
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private static String service(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher matcher = SIGNING_SERVICE.matcher(authorization == null ? "" : authorization);
        return matcher.find() ? matcher.group(1) : "unknown";
    }

    private static String operation(String service, HttpExchange exchange, byte[] body) {
        URI uri = exchange.getRequestURI();
        if (service.equals("s3")) {
            return exchange.getRequestMethod() + " " + uri.getRawPath() + subresources(uri.getRawQuery());
        }
        Matcher action = QUERY_ACTION.matcher(new String(body, StandardCharsets.UTF_8));
        if (action.find()) {
            return action.group(1);
        }
        Matcher inQuery = QUERY_ACTION.matcher(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        return inQuery.find() ? inQuery.group(1) : exchange.getRequestMethod() + " " + uri.getRawPath();
    }

    /** The names of the query parameters: S3's subresources ({@code versioning}, {@code tagging}) tell operations apart. */
    private static String subresources(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        return "?" + String.join("&", java.util.Arrays.stream(query.split("&")).map(p -> p.split("=", 2)[0]).sorted().toList());
    }
}
