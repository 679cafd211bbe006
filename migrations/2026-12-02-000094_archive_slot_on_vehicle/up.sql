-- Down-sampling without the archive's unique slot index (telematics, SPEC §10).
--
-- The archive kept at most one ping without events per vehicle and slot through a partial
-- unique index on (tenant_id, vehicle_id, slot) and INSERT … ON CONFLICT DO NOTHING. Most
-- pings of a reporting vehicle fall into a slot that already has its ping (a tracker every
-- second, a 5-second slot: four in five), and each of those paid a speculative insertion
-- against that index to be discarded (~10–17 µs per ping under auto_explain), on top of the
-- index itself on every row kept.
--
-- Ingest already holds a row lock on every vehicle of its batch, so the vehicle row can say
-- which slot is taken: telematics_archived_at is the time of the newest archived ping without
-- events. A ping in a later slot is archived and moves it; one in the same slot is dropped
-- without reaching Postgres; one in an earlier slot (late, out of order) is archived only if
-- that slot has no ping without events yet, which the write statement checks against the
-- track index. The row lock serialises the batches of one vehicle, so the check cannot race.
ALTER TABLE vehicles ADD COLUMN telematics_archived_at timestamptz;
UPDATE vehicles v
   SET telematics_archived_at = a.ts
  FROM (SELECT tenant_id, vehicle_id, max(ts) AS ts
          FROM telematics_pings WHERE events IS NULL
         GROUP BY tenant_id, vehicle_id) a
 WHERE a.tenant_id = v.tenant_id AND a.vehicle_id = v.id;
DROP INDEX telematics_pings_slot_key;
ALTER TABLE telematics_pings DROP COLUMN slot;
