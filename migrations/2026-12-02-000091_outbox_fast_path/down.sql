DROP TRIGGER events_outbox_notify ON events;
CREATE OR REPLACE FUNCTION webhook_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fleet_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER events_outbox_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_outbox_notify();
DROP FUNCTION webhook_event_wanted(uuid, uuid, text);
ALTER TABLE events ADD FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id);
