-- A change feed of `vehicles` for the in-memory nearby index of every gateway instance
-- (fleet_domain::vehicles::nearby_index).
--
-- One row per statement and tenant that inserted, updated or deleted vehicles: the ids and
-- the writing transaction's id (`xid`). Statement-level triggers with transition tables: a
-- telematics batch that moves 1 000 vehicles adds one row, not 1 000, and no column or index
-- of `vehicles` changes, so position updates stay heap-only (HOT).
--
-- Readers poll `xid >= <xmin of their previous snapshot>`: every transaction below that
-- xmin had ended when that snapshot was taken, so its rows were already seen; rows of
-- transactions still running then are read again (readers skip row ids they applied).
-- Commit order therefore never hides a change, whatever order the sequence values commit in.
-- Rows older than ten minutes are deleted by the readers.
CREATE TABLE vehicle_changes (
    id bigserial PRIMARY KEY,
    xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    tenant_id uuid NOT NULL,
    vehicle_ids uuid[] NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vehicle_changes_xid_idx ON vehicle_changes (xid);

CREATE FUNCTION vehicle_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO vehicle_changes (tenant_id, vehicle_ids)
            SELECT tenant_id, array_agg(id) FROM old_rows GROUP BY tenant_id;
    ELSE
        INSERT INTO vehicle_changes (tenant_id, vehicle_ids)
            SELECT tenant_id, array_agg(id) FROM new_rows GROUP BY tenant_id;
    END IF;
    RETURN NULL;
END
$$;

-- A trigger with transition tables takes one event each.
CREATE TRIGGER vehicle_changes_insert AFTER INSERT ON vehicles
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vehicle_changes_record();
CREATE TRIGGER vehicle_changes_update AFTER UPDATE ON vehicles
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vehicle_changes_record();
CREATE TRIGGER vehicle_changes_delete AFTER DELETE ON vehicles
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vehicle_changes_record();
