package io.kampachi.mediation.control;

/**
 * Control event types that the mediation server sends beyond those listed in
 * {@link io.kampachi.common.wire.ControlTypes}; {@code docs/protocol.md} describes them.
 */
public final class MediationEvents {

    /** {@code {networkId, member}}: a member's nickname changed. */
    public static final String MEMBER_UPDATED = "member.updated";

    private MediationEvents() {
    }
}
