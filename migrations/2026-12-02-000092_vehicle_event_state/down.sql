CREATE TABLE telematics_vehicle_state (
    vehicle_id        uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL,
    battery_low_armed boolean NOT NULL DEFAULT true,
    event_latitude    double precision,
    event_longitude   double precision,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id) ON DELETE CASCADE,
    CHECK ((event_latitude IS NULL) = (event_longitude IS NULL))
) WITH (fillfactor = 70);
INSERT INTO telematics_vehicle_state (vehicle_id, tenant_id, battery_low_armed, event_latitude,
    event_longitude)
SELECT id, tenant_id, telematics_battery_low_armed, telematics_event_latitude,
       telematics_event_longitude
  FROM vehicles WHERE telematics_battery_low_armed IS NOT NULL;
ALTER TABLE vehicles
    DROP COLUMN telematics_battery_low_armed,
    DROP COLUMN telematics_event_latitude,
    DROP COLUMN telematics_event_longitude;
