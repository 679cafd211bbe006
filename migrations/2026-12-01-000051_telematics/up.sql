-- Telematics (SPEC §10): device ids on vehicles, the down-sampled ping archive and the
-- per-vehicle state behind the derived events.

-- A tracker's own identifier, so devices can report without knowing our vehicle ids.
ALTER TABLE vehicles ADD COLUMN device_id text
    CHECK (device_id ~ '^[A-Za-z0-9._:-]{1,64}$');
CREATE UNIQUE INDEX vehicles_tenant_device_key ON vehicles (tenant_id, device_id)
    WHERE device_id IS NOT NULL;

-- The archive. Down-sampling keeps at most one ping without events per vehicle and time
-- slot (slot = floor(unix seconds / TELEMATICS_ARCHIVE_INTERVAL_S)), enforced by the
-- partial unique index, so it holds under concurrency and for out-of-order pings; pings
-- that carry events are always kept. Track reads use (tenant_id, vehicle_id, ts); the BRIN
-- index on ts serves the retention purge.
CREATE TABLE telematics_pings (
    id              uuid NOT NULL,
    tenant_id       uuid NOT NULL,
    subaccount_id   uuid NOT NULL,
    vehicle_id      uuid NOT NULL,
    ts              timestamptz NOT NULL,
    slot            bigint NOT NULL,
    latitude        double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    speed_kph       real CHECK (speed_kph >= 0),
    heading_deg     real CHECK (heading_deg BETWEEN 0 AND 360),
    ignition        boolean,
    accuracy_m      real CHECK (accuracy_m >= 0),
    battery_percent smallint CHECK (battery_percent BETWEEN 0 AND 100),
    events          text[],
    received_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (events IS NULL OR cardinality(events) > 0)
);
CREATE INDEX telematics_pings_track_idx ON telematics_pings (tenant_id, vehicle_id, ts, id);
CREATE UNIQUE INDEX telematics_pings_slot_key ON telematics_pings (tenant_id, vehicle_id, slot)
    WHERE events IS NULL;
CREATE INDEX telematics_pings_ts_brin ON telematics_pings USING brin (ts);

-- What the derived events remember per vehicle: whether vehicle.battery_low may fire (armed
-- again once the battery recovers above threshold + 5) and where the last
-- vehicle.location_updated was. One row per vehicle that has reported.
CREATE TABLE telematics_vehicle_state (
    vehicle_id        uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL,
    battery_low_armed boolean NOT NULL DEFAULT true,
    event_latitude    double precision,
    event_longitude   double precision,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id) ON DELETE CASCADE,
    CHECK ((event_latitude IS NULL) = (event_longitude IS NULL))
);
