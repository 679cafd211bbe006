-- Last-position updates without index writes (telematics, SPEC §10).
--
-- Every ping moves a vehicle's latitude/longitude. While an index named those columns
-- (vehicles_tenant_position_idx), every such UPDATE wrote a new entry into all six indexes
-- of `vehicles` (no HOT update is possible when an indexed column changes), and the table and
-- its indexes grew by one dead version per ping until vacuum: ~50 µs per ping, and worse with
-- bloat. Now the nearby search works on a coarse grid cell instead:
--
--   position_cell = floor((latitude + 90) * 500) * 1000000 + floor((longitude + 180) * 500)
--
-- i.e. rows of 0.002° latitude (~222 m) times columns of 0.002° longitude (~137 m at 52° N).
-- It is a stored generated column, so it is always in step with the position; HOT compares
-- the indexed values, not the columns assigned, so a ping that stays in its cell (a parked
-- vehicle, or a moving one between crossings) is a heap-only update: no index is touched and
-- the page's old versions are pruned without vacuum. `fillfactor` leaves each page room for
-- those new versions.
--
-- The nearby search scans, per grid row of its bounding box, one range of cells on
-- (tenant_id, status, position_cell) — status is its required equality filter and changes
-- rarely (rides, maintenance) — and computes the exact distance from the row's coordinates.
DROP INDEX vehicles_tenant_position_idx;
-- Before the column: adding a stored column rewrites the table, and the rewrite packs the
-- existing rows to this fillfactor too.
ALTER TABLE vehicles SET (fillfactor = 70);
ALTER TABLE vehicles ADD COLUMN position_cell bigint GENERATED ALWAYS AS (
    floor((latitude + 90) * 500)::bigint * 1000000 + floor((longitude + 180) * 500)::bigint
) STORED;
CREATE INDEX vehicles_tenant_status_cell_idx ON vehicles (tenant_id, status, position_cell)
    WHERE position_cell IS NOT NULL;

-- The derived-event state row of a vehicle is rewritten by about one batch in four; its only
-- index is the primary key, so with room on the page those updates are heap-only as well
-- (18 % → 95 % HOT in scripts/bench-ingest.sh's batch phase).
ALTER TABLE telematics_vehicle_state SET (fillfactor = 70);
