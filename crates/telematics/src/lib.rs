//! Telematics ping validation, batch ingest, archive and live fan-out (not built yet).
