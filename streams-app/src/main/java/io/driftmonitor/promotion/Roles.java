package io.driftmonitor.promotion;

import java.util.List;

/**
 * Deployment roles of predictions (champion, challenger, canary, shadow) and how the monitor
 * accounts for them: champion predictions are the model; every other role is counted only in its
 * own segment {@code deployment=<role>}, so its drift and performance come out per role in the same
 * windows as the champion's.
 */
public final class Roles {
    public static final String CHAMPION = "champion";
    public static final String CHALLENGER = "challenger";
    public static final String CANARY = "canary";
    public static final String SHADOW = "shadow";
    /** The roles other than the champion, each with a segment of its own. */
    public static final List<String> NON_CHAMPION = List.of(CHALLENGER, CANARY, SHADOW);
    /** Segment key of the role segments. */
    public static final String SEGMENT_KEY = "deployment";
    private static final String SEGMENT_PREFIX = SEGMENT_KEY + "=";

    private Roles() {
    }

    /** The role of a prediction; null (an old record) is the champion. */
    public static String of(Object deployment) {
        return deployment == null ? CHAMPION : deployment.toString();
    }

    public static boolean isChampion(String role) {
        return CHAMPION.equals(role);
    }

    /** The segment a non-champion role is counted in. */
    public static String segment(String role) {
        return SEGMENT_PREFIX + role;
    }

    /** Whether a segment is a role segment (not part of the champion's statistics or baselines). */
    public static boolean isRoleSegment(String segment) {
        return segment != null && segment.startsWith(SEGMENT_PREFIX);
    }

    /** The role of a prediction from its segments: the one of its role segment, else the champion. */
    public static String ofSegments(List<String> segments) {
        for (String s : segments) {
            if (isRoleSegment(s)) {
                return s.substring(SEGMENT_PREFIX.length());
            }
        }
        return CHAMPION;
    }
}
