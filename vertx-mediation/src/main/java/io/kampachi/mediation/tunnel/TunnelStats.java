package io.kampachi.mediation.tunnel;

import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of this node: {@code tunnel.status} reports per path kind, tunnels opened and closed,
 * probes answered or dropped, and probe token lookups in progress. Thread-safe; read through
 * {@link io.kampachi.mediation.bus.EventBusAddresses#ADMIN_STATS}.
 */
public final class TunnelStats {

    private final Map<PathKind, AtomicLong> pathReports = new EnumMap<>(PathKind.class);
    private final AtomicLong tunnelsOpened = new AtomicLong();
    private final AtomicLong tunnelsClosed = new AtomicLong();
    private final AtomicLong probesAnswered = new AtomicLong();
    private final AtomicLong probesDropped = new AtomicLong();
    private final AtomicLong probeLookupsInFlight = new AtomicLong();
    private final AtomicLong probeLookupsPeak = new AtomicLong();

    public TunnelStats() {
        for (PathKind kind : PathKind.values()) {
            pathReports.put(kind, new AtomicLong());
        }
    }

    public void pathReported(PathKind kind) {
        pathReports.get(kind).incrementAndGet();
    }

    public void tunnelOpened() {
        tunnelsOpened.incrementAndGet();
    }

    public void tunnelClosed() {
        tunnelsClosed.incrementAndGet();
    }

    public void probeAnswered() {
        probesAnswered.incrementAndGet();
    }

    public void probeDropped() {
        probesDropped.incrementAndGet();
    }

    /** Records that a probe token lookup started, leaving {@code inFlight} lookups in progress. */
    public void probeLookupStarted(int inFlight) {
        probeLookupsInFlight.set(inFlight);
        probeLookupsPeak.accumulateAndGet(inFlight, Math::max);
    }

    /** Records that a probe token lookup finished, leaving {@code inFlight} lookups in progress. */
    public void probeLookupFinished(int inFlight) {
        probeLookupsInFlight.set(inFlight);
    }

    public long probesDropped() {
        return probesDropped.get();
    }

    public JsonObject toJson() {
        JsonObject paths = new JsonObject();
        pathReports.forEach((kind, count) -> paths.put(kind.wireName(), count.get()));
        return new JsonObject()
                .put("pathReports", paths)
                .put("tunnelsOpened", tunnelsOpened.get())
                .put("tunnelsClosed", tunnelsClosed.get())
                .put("probesAnswered", probesAnswered.get())
                .put("probesDropped", probesDropped.get())
                .put("probeLookupsInFlight", probeLookupsInFlight.get())
                .put("probeLookupsPeak", probeLookupsPeak.get());
    }
}
