-- The slot is recomputed with the default TELEMATICS_ARCHIVE_INTERVAL_S (5 s); an archive
-- written with another interval can hold two pings in one 5-second slot, and then the unique
-- index cannot be rebuilt until one of them is removed.
ALTER TABLE telematics_pings ADD COLUMN slot bigint;
UPDATE telematics_pings SET slot = floor(extract(epoch FROM ts) / 5)::bigint;
ALTER TABLE telematics_pings ALTER COLUMN slot SET NOT NULL;
CREATE UNIQUE INDEX telematics_pings_slot_key ON telematics_pings (tenant_id, vehicle_id, slot)
    WHERE events IS NULL;
ALTER TABLE vehicles DROP COLUMN telematics_archived_at;
