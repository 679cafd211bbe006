//! Realistic values: the fleet mix, makes and models, prices, rider names.

use crate::customers::CustomerStatus;
use crate::vehicles::{FuelType, VehicleStatus, VehicleType};

/// Share of each vehicle type in a seeded fleet (weights out of 100).
pub const TYPE_MIX: &[(VehicleType, u32)] = &[
    (VehicleType::Scooter, 55),
    (VehicleType::Ebike, 28),
    (VehicleType::Moped, 10),
    (VehicleType::Car, 5),
    (VehicleType::Van, 2),
];

/// Share of each status. Never `in_use`/`reserved` (no rides exist) nor `retired`.
pub const STATUS_MIX: &[(VehicleStatus, u32)] = &[
    (VehicleStatus::Available, 75),
    (VehicleStatus::Charging, 11),
    (VehicleStatus::Maintenance, 8),
    (VehicleStatus::Offline, 6),
];

/// A make and model with its energy source and seats.
pub struct Model {
    pub make: &'static str,
    pub model: &'static str,
    pub fuel: FuelType,
    pub capacity: i32,
}

const fn m(make: &'static str, model: &'static str, fuel: FuelType, capacity: i32) -> Model {
    Model {
        make,
        model,
        fuel,
        capacity,
    }
}

use FuelType::{Diesel, Electric, Hybrid, Petrol};

const SCOOTERS: &[Model] = &[
    m("Segway-Ninebot", "Max G30", Electric, 1),
    m("Segway-Ninebot", "Max G2", Electric, 1),
    m("Okai", "ES400", Electric, 1),
    m("Niu", "KQi3 Pro", Electric, 1),
    m("Xiaomi", "Electric Scooter 4 Pro", Electric, 1),
];
const EBIKES: &[Model] = &[
    m("Cowboy", "4", Electric, 1),
    m("VanMoof", "S5", Electric, 1),
    m("Gazelle", "Ultimate C380", Electric, 1),
    m("Riese & Müller", "Load 75", Electric, 1),
];
const MOPEDS: &[Model] = &[
    m("Niu", "NQi GT", Electric, 2),
    m("Silence", "S01", Electric, 2),
    m("Vespa", "Elettrica", Electric, 2),
    m("Yamaha", "NMAX 125", Petrol, 2),
];
const CARS: &[Model] = &[
    m("Renault", "Zoe", Electric, 5),
    m("Volkswagen", "ID.3", Electric, 5),
    m("Fiat", "500e", Electric, 4),
    m("Toyota", "Yaris Hybrid", Hybrid, 5),
    m("BMW", "i3", Electric, 4),
];
const VANS: &[Model] = &[
    m("Volkswagen", "ID. Buzz Cargo", Electric, 2),
    m("Renault", "Kangoo E-Tech", Electric, 2),
    m("Ford", "Transit Custom", Diesel, 3),
];

pub fn models(t: VehicleType) -> &'static [Model] {
    match t {
        VehicleType::Scooter => SCOOTERS,
        VehicleType::Ebike => EBIKES,
        VehicleType::Moped => MOPEDS,
        VehicleType::Car => CARS,
        VehicleType::Van => VANS,
    }
}

/// Vehicles that carry a registration plate.
pub fn has_registration(t: VehicleType) -> bool {
    matches!(t, VehicleType::Moped | VehicleType::Car | VehicleType::Van)
}

/// Default plan per vehicle type: (name, unlock, per minute, paused per minute, per km), cents.
pub fn pricing(t: VehicleType) -> (&'static str, i32, i32, i32, i32) {
    match t {
        VehicleType::Scooter => ("Scooter standard", 100, 25, 10, 0),
        VehicleType::Ebike => ("E-bike standard", 100, 20, 8, 0),
        VehicleType::Moped => ("Moped standard", 150, 35, 15, 0),
        VehicleType::Car => ("Car standard", 100, 39, 19, 20),
        VehicleType::Van => ("Van standard", 200, 49, 25, 25),
    }
}

/// Share of blocked customers (weights out of 100).
pub const CUSTOMER_STATUS_MIX: &[(CustomerStatus, u32)] =
    &[(CustomerStatus::Active, 96), (CustomerStatus::Blocked, 4)];

pub const BLOCK_REASONS: &[&str] = &[
    "Chargeback on the last top-up",
    "Repeated parking in no-parking zones",
    "Suspected account sharing",
    "Damaged vehicle reported by support",
    "Payment method failed verification",
];

/// Probability that a seeded customer starts with a welcome credit.
pub const CREDIT_SHARE: f64 = 0.7;
pub const CREDIT_AMOUNTS: &[i64] = &[500, 1_000, 1_000, 1_500, 2_000, 2_500, 5_000];

pub const FIRST_NAMES: &[&str] = &[
    "Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hugo", "Ines", "Jonas", "Kira",
    "Luca", "Mia", "Noah", "Olivia", "Paul", "Quentin", "Rosa", "Sofia", "Tom", "Ursula", "Victor",
    "Wen", "Yusuf", "Zoe", "Amara", "Mateo", "Leila", "Sven", "Priya", "Kenji", "Fatima", "Lars",
    "Chiara", "Omar", "Hannah", "Diego", "Aiko", "Emil", "Nora",
];

pub const LAST_NAMES: &[&str] = &[
    "Müller",
    "Schmidt",
    "de Vries",
    "Jansen",
    "Martin",
    "Bernard",
    "Smith",
    "Jones",
    "García",
    "Fernández",
    "Silva",
    "Santos",
    "Huber",
    "Wagner",
    "Rossi",
    "Bianchi",
    "Nielsen",
    "Johansson",
    "Kowalski",
    "Novák",
    "Keller",
    "Peeters",
    "Murphy",
    "Cohen",
    "Tan",
    "Nguyen",
    "Okafor",
    "Yilmaz",
    "Kim",
    "Sato",
    "Patel",
    "Dubois",
    "Costa",
    "Berg",
];
