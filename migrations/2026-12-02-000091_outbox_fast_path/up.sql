-- The outbox on the telematics hot path (docs/performance.md, "Outbox").
--
-- 1. No foreign key from events to subaccounts. Every INSERT into a child table takes a
--    FOR KEY SHARE lock on the referenced row; with one busy subaccount, concurrent ingest
--    transactions all lock the same row, so Postgres turns the lock into a MultiXact per
--    transaction (a serialised SLRU write and a WAL record each). Events are append-only and
--    are only ever written for a subaccount the writer has just read (the vehicle, ride or
--    customer that caused them references it with its own foreign key), and subaccounts are
--    never deleted, so the constraint guarded nothing that is not already guarded.
ALTER TABLE events DROP CONSTRAINT events_tenant_id_subaccount_id_fkey;

-- 2. Is any active endpoint of this subaccount subscribed to this event type? The same match
--    as the dispatcher's (crates/webhooks/src/dispatcher.rs). A writer may store an event no
--    endpoint wants as already dispatched (dispatched_at = now()): the dispatcher would only
--    have marked it so, without a delivery. An endpoint created concurrently sees the events
--    committed after it, as it would have with the dispatcher's own look-up a moment later.
--    Inlined by the planner (one SQL SELECT, STABLE), served by webhook_endpoints_fanout_idx.
CREATE FUNCTION webhook_event_wanted(tenant uuid, subaccount uuid, event_type text)
    RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (
        SELECT 1 FROM webhook_endpoints w
        WHERE w.tenant_id = tenant AND w.subaccount_id = subaccount AND w.active
          AND event_type = ANY (w.events))
$$;

-- 3. Wake the dispatchers only when the statement inserted something for them. A NOTIFY
--    makes the commit take the database-wide notification lock (held through the commit's
--    WAL flush), which serialises the commits of all transactions that notify; an ingest
--    statement that inserted no event, or only events no endpoint wants, need not.
DROP TRIGGER events_outbox_notify ON events;
CREATE OR REPLACE FUNCTION webhook_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM inserted_events WHERE dispatched_at IS NULL) THEN
        PERFORM pg_notify('fleet_outbox', '');
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER events_outbox_notify AFTER INSERT ON events
    REFERENCING NEW TABLE AS inserted_events
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_outbox_notify();
