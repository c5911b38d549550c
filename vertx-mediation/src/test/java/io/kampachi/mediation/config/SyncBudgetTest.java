package io.kampachi.mediation.config;

import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.ControlTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncBudgetTest {

    private static final String LONGEST_TEXT = "\u8a9e".repeat(64);
    private static final String LONGEST_ADDRESS = "255.255.255.255";

    @Test
    void boundCoversTheLargestSync() {
        int[][] limits = {{1, 2}, {8, 30}, {16, 14}, {3, 50}};
        for (int[] limit : limits) {
            int size = largestSync(limit[0], limit[1]).encode().length - 1;
            long bound = SyncBudget.maxSyncBytes(limit[0], limit[1]);
            assertTrue(size <= bound, size + " bytes exceed the bound " + bound);
            assertTrue(bound - size < 64 + 2L * limit[0] * limit[1], bound + " is far above " + size);
        }
    }

    @Test
    void defaultLimitsFit() {
        MediationConfig defaults = ConfigLoader.fromOverrides(new JsonObject(), Path.of("/"));
        assertTrue(SyncBudget.fits(defaults.networksPerAccount(), defaults.membersPerNetwork()));
        assertTrue(largestSync(defaults.networksPerAccount(), defaults.membersPerNetwork()).encode().length
                <= 1 + Control.MAX_ENVELOPE_LENGTH);
    }

    /** Builds a sync with every value as long as the server accepts. */
    private static Control largestSync(int networkCount, int memberCount) {
        JsonArray networks = new JsonArray();
        for (int n = 0; n < networkCount; n++) {
            JsonArray members = new JsonArray();
            for (int m = 0; m < memberCount; m++) {
                members.add(new JsonObject().put("address", LONGEST_ADDRESS).put("nickname", LONGEST_TEXT)
                        .put("online", false));
            }
            networks.add(new JsonObject().put("id", 999_999_999L).put("displayId", "999-999-999")
                    .put("name", LONGEST_TEXT).put("owner", LONGEST_ADDRESS).put("hasPassword", false)
                    .put("members", members));
        }
        JsonObject body = new JsonObject().put("address", LONGEST_ADDRESS).put("nickname", LONGEST_TEXT)
                .put("probeToken", "A".repeat(24)).put("probePort", 65535).put("networks", networks);
        return Control.event(ControlTypes.SYNC, body);
    }
}
