package io.driftmonitor.policy;

/**
 * The answer to a manual retrain request.
 *
 * @param status   accepted (a decision to emit), duplicate (this request id was already accepted; nothing to
 *                 emit) or refused (the weekly budget is spent)
 * @param eventId  the deterministic id of the request's RetrainEvent (for a duplicate: the one already emitted)
 * @param decision the decision to emit, only when accepted
 * @param detail   why a request was refused or recognised as a duplicate
 */
public record ManualOutcome(Status status, String eventId, RetrainDecision decision, String detail) {
    public enum Status { ACCEPTED, DUPLICATE, REFUSED }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
