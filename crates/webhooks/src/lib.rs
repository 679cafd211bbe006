//! Webhook endpoints, signing, outbox dispatch and delivery workers (not built yet).
