DROP TRIGGER events_outbox_notify ON events;
DROP FUNCTION webhook_outbox_notify();
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
