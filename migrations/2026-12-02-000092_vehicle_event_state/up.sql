-- The derived-event state moves onto the vehicle row (telematics, SPEC §10).
--
-- Ingest locks the vehicles of a batch (`SELECT … FOR NO KEY UPDATE`) and read the state from
-- telematics_vehicle_state in the same statement. Under READ COMMITTED, a batch that had to
-- wait for another batch's lock on a vehicle gets the vehicle's new version after the wait,
-- but the joined state row from its own, older snapshot: it saw `battery_low_armed` still
-- true and fired vehicle.battery_low again (a test with eight concurrent batches over the
-- same vehicles got 350 events instead of 50). On the locked row itself the state is always
-- the latest, and the last-position UPDATE writes it in the same tuple, so there is no second
-- table to upsert either. None of the columns is indexed: the update stays heap-only.
--
-- battery_low_armed NULL: the vehicle has no derived-event state yet (armed; the reference
-- for the distance rule is the vehicle's stored position). These columns are telematics'
-- own and not in the diesel schema, like position_cell.
ALTER TABLE vehicles
    ADD COLUMN telematics_battery_low_armed boolean,
    ADD COLUMN telematics_event_latitude double precision,
    ADD COLUMN telematics_event_longitude double precision,
    ADD CONSTRAINT vehicles_telematics_event_position_check
        CHECK ((telematics_event_latitude IS NULL) = (telematics_event_longitude IS NULL));
UPDATE vehicles v
   SET telematics_battery_low_armed = st.battery_low_armed,
       telematics_event_latitude = st.event_latitude,
       telematics_event_longitude = st.event_longitude
  FROM telematics_vehicle_state st
 WHERE st.vehicle_id = v.id AND st.tenant_id = v.tenant_id;
DROP TABLE telematics_vehicle_state;
