ALTER TABLE telematics_vehicle_state RESET (fillfactor);
ALTER TABLE vehicles RESET (fillfactor);
DROP INDEX vehicles_tenant_status_cell_idx;
ALTER TABLE vehicles DROP COLUMN position_cell;
CREATE INDEX vehicles_tenant_position_idx ON vehicles (tenant_id, latitude, longitude)
    INCLUDE (status, subaccount_id, id) WHERE latitude IS NOT NULL;
