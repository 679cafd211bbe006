//! The mapping alone (no database) against the official GBFS 3.0 schemas: an empty system
//! (no vehicles, zones or plans) and a busy one with a MultiPolygon zone; and the vendored
//! schemas against the shared copy when it exists.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use time::OffsetDateTime;

use feeds::gbfs::{self, FeedFile, FeedVehicle, RentalUris, System};
use fleet_domain::pricing::{PricingPlan, PricingPlanId};
use fleet_domain::vehicles::{VehicleStatus, VehicleType};
use fleet_domain::zones::{Zone, ZoneId, ZoneType};
use fleet_domain::{SubaccountId, TenantId};

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gbfs-json-schema/v3.0")
}

fn errors(file: FeedFile, body: &Value) -> Vec<String> {
    let path = schema_dir().join(format!("{}.json", file.name()));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn validate(file: FeedFile, body: &Value) {
    let errors = errors(file, body);
    assert!(errors.is_empty(), "{}: {errors:#?}\n{body:#}", file.name());
}

#[test]
fn the_validator_rejects_what_the_schemas_forbid() {
    let s = system();
    let now = OffsetDateTime::now_utc();
    let mut info = serde_json::to_value(gbfs::envelope(
        FeedFile::SystemInformation,
        now,
        gbfs::system_information(&s),
    ))
    .unwrap();
    info["data"]
        .as_object_mut()
        .unwrap()
        .remove("feed_contact_email");
    assert!(!errors(FeedFile::SystemInformation, &info).is_empty());
    let mut feeds =
        serde_json::to_value(gbfs::envelope(FeedFile::Gbfs, now, gbfs::gbfs(&s))).unwrap();
    feeds["data"]["feeds"][0]["url"] = json!("not a uri");
    assert!(
        !errors(FeedFile::Gbfs, &feeds).is_empty(),
        "formats are checked"
    );
    feeds["version"] = json!("2.3");
    assert!(!errors(FeedFile::Gbfs, &feeds).is_empty());
}

fn system() -> System {
    System {
        system_id: SubaccountId::new().to_string(),
        name: "Demo Berlin".into(),
        operator: "Demo".into(),
        timezone: "Europe/Berlin".into(),
        feed_contact_email: "opendata@example.com".into(),
        base_url: "https://feeds.example.com/gbfs/abc".into(),
        min_start_battery_percent: 15,
        rental_uris: RentalUris {
            web: Some("https://ride.example.com/v/{vehicle_id}".into()),
            android: None,
            ios: None,
        },
    }
}

fn all_files(system: &System, vehicles: &[FeedVehicle], zones: &[Zone], plans: &[PricingPlan]) {
    let now = OffsetDateTime::now_utc();
    let kinds: Vec<VehicleType> = vehicles.iter().map(|v| v.vehicle_type).collect();
    let secret = [9u8; 32];
    for file in FeedFile::ALL {
        let data = match file {
            FeedFile::Manifest => serde_json::to_value(gbfs::manifest(system)),
            FeedFile::Gbfs => serde_json::to_value(gbfs::gbfs(system)),
            FeedFile::GbfsVersions => serde_json::to_value(gbfs::gbfs_versions(system)),
            FeedFile::SystemInformation => serde_json::to_value(gbfs::system_information(system)),
            FeedFile::VehicleTypes => serde_json::to_value(gbfs::vehicle_types(&kinds, plans)),
            FeedFile::VehicleStatus => {
                serde_json::to_value(gbfs::vehicle_status(system, &secret, vehicles, plans))
            }
            FeedFile::SystemPricingPlans => serde_json::to_value(gbfs::system_pricing_plans(plans)),
            FeedFile::GeofencingZones => serde_json::to_value(gbfs::geofencing_zones(zones)),
            FeedFile::SystemAlerts => serde_json::to_value(gbfs::system_alerts()),
        }
        .unwrap();
        let body = serde_json::to_value(gbfs::envelope(file, now, data)).unwrap();
        validate(file, &body);
    }
}

#[test]
fn an_empty_system_validates() {
    let mut s = system();
    s.timezone = "Not/AZone".into();
    all_files(&s, &[], &[], &[]);
    assert_eq!(
        gbfs::system_information(&s).timezone,
        gbfs::FALLBACK_TIMEZONE
    );
    let zones = serde_json::to_value(gbfs::geofencing_zones(&[])).unwrap();
    assert_eq!(zones["geofencing_zones"]["features"], json!([]));
    assert_eq!(zones["global_rules"][0]["ride_end_allowed"], json!(true));
}

fn zone(zone_type: ZoneType, geometry: Value, speed: Option<i32>) -> Zone {
    let now = OffsetDateTime::now_utc();
    Zone {
        id: ZoneId::new(),
        tenant_id: TenantId::new(),
        subaccount_id: SubaccountId::new(),
        name: format!("{} zone", zone_type.as_str()),
        zone_type,
        geometry,
        speed_limit_kph: speed,
        min_lat: 0.0,
        min_lng: 0.0,
        max_lat: 1.0,
        max_lng: 1.0,
        created_at: now,
        updated_at: now,
    }
}

fn ring(lng: f64, lat: f64, d: f64) -> Value {
    json!([
        [lng, lat],
        [lng + d, lat],
        [lng + d, lat + d],
        [lng, lat + d],
        [lng, lat]
    ])
}

#[test]
fn a_busy_system_with_a_multipolygon_validates_and_maps_rules() {
    let now = OffsetDateTime::now_utc();
    let plan = PricingPlan {
        id: PricingPlanId::new(),
        tenant_id: TenantId::new(),
        subaccount_id: SubaccountId::new(),
        vehicle_type: VehicleType::Scooter,
        name: "Scooters".into(),
        unlock_cents: 100,
        per_minute_cents: 25,
        pause_per_minute_cents: 10,
        per_km_cents: 30,
        currency: "EUR".into(),
        created_at: now,
        updated_at: now,
        active: true,
    };
    let vehicle = |kind, status, battery| FeedVehicle {
        id: uuid::Uuid::now_v7(),
        vehicle_type: kind,
        status,
        battery_percent: battery,
        latitude: 52.5,
        longitude: 13.4,
        last_seen_at: Some(now),
        updated_at: now,
    };
    let vehicles = [
        vehicle(VehicleType::Scooter, VehicleStatus::Available, Some(80)),
        vehicle(VehicleType::Scooter, VehicleStatus::Available, Some(5)),
        vehicle(VehicleType::Ebike, VehicleStatus::Reserved, None),
        vehicle(VehicleType::Car, VehicleStatus::InUse, Some(50)),
    ];
    let zones = [
        zone(
            ZoneType::OperatingArea,
            json!({"type": "Polygon", "coordinates": [ring(13.0, 52.0, 1.0)]}),
            None,
        ),
        zone(
            ZoneType::SlowSpeed,
            json!({"type": "MultiPolygon", "coordinates": [[ring(13.1, 52.1, 0.1)], [ring(13.5, 52.5, 0.1), ring(13.52, 52.52, 0.02)]]}),
            Some(12),
        ),
        zone(
            ZoneType::NoParking,
            json!({"type": "Polygon", "coordinates": [ring(13.3, 52.3, 0.1)]}),
            None,
        ),
    ];
    let s = system();
    all_files(&s, &vehicles, &zones, std::slice::from_ref(&plan));

    let status = gbfs::vehicle_status(&s, &[1; 32], &vehicles, std::slice::from_ref(&plan));
    assert_eq!(
        status.vehicles.len(),
        3,
        "the vehicle on a ride is not listed"
    );
    assert!(!status.vehicles[0].is_disabled);
    assert!(
        status.vehicles[1].is_disabled,
        "5 % is below the start threshold"
    );
    assert!(status.vehicles[2].is_reserved);
    assert_eq!(status.vehicles[0].current_range_meters, Some(32_000.0));
    assert_eq!(
        status.vehicles[0].pricing_plan_id,
        Some(plan.id.to_string())
    );
    let web = status.vehicles[0].rental_uris.web.clone().unwrap();
    assert_eq!(
        web,
        format!(
            "https://ride.example.com/v/{}",
            status.vehicles[0].vehicle_id
        )
    );

    let geo = serde_json::to_value(gbfs::geofencing_zones(&zones)).unwrap();
    let features = geo["geofencing_zones"]["features"].as_array().unwrap();
    // No-parking first, then slow, then the operating area.
    assert_eq!(
        features[0]["properties"]["rules"][0]["ride_end_allowed"],
        json!(false)
    );
    assert_eq!(
        features[1]["properties"]["rules"][0]["maximum_speed_kph"],
        json!(12)
    );
    assert_eq!(features[1]["geometry"]["type"], json!("MultiPolygon"));
    assert_eq!(
        features[1]["geometry"]["coordinates"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        features[2]["geometry"]["coordinates"],
        json!([[ring(13.0, 52.0, 1.0)]])
    );
    assert_eq!(geo["global_rules"][0]["ride_end_allowed"], json!(false));

    let plans = serde_json::to_value(gbfs::system_pricing_plans(&[plan])).unwrap();
    assert_eq!(plans["plans"][0]["price"], json!(1.0));
    assert_eq!(
        plans["plans"][0]["per_min_pricing"],
        json!([{"start": 0, "rate": 0.25, "interval": 1}])
    );
    assert_eq!(
        plans["plans"][0]["per_km_pricing"],
        json!([{"start": 0, "rate": 0.3, "interval": 1}])
    );
}

/// The schemas vendored here must equal the shared copy the issue names, when present.
#[test]
fn schemas_equal_the_shared_copy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let candidates = [
        root.join("shared/gbfs-json-schema"),
        PathBuf::from("/work/shared/gbfs-json-schema"),
    ];
    let Some(shared) = candidates.iter().find(|p| p.is_dir()) else {
        eprintln!("no shared GBFS schema copy on this machine; nothing to compare");
        return;
    };
    let mut compared = 0;
    for entry in std::fs::read_dir(shared.join("v3.0")).unwrap() {
        let entry = entry.unwrap();
        let ours = schema_dir().join(entry.file_name());
        assert_eq!(
            std::fs::read(entry.path()).unwrap(),
            std::fs::read(&ours).unwrap_or_default(),
            "{} differs from the shared copy",
            ours.display()
        );
        compared += 1;
    }
    assert_eq!(compared, 12);
    assert_eq!(
        std::fs::read(shared.join("LICENSE")).unwrap(),
        std::fs::read(schema_dir().join("../LICENSE")).unwrap()
    );
}
