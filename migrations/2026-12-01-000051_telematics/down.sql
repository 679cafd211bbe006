DROP TABLE telematics_vehicle_state;
DROP TABLE telematics_pings;
DROP INDEX vehicles_tenant_device_key;
ALTER TABLE vehicles DROP COLUMN device_id;
