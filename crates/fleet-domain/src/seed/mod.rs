//! Realistic bulk demo data for a tenant (`gateway seed`, `gateway serve --demo`): per
//! subaccount a city with zones, pricing plans per vehicle type, vehicles scattered inside
//! the operating area, and customers with wallets and welcome credits.
//!
//! - **Zones** are drawn only for a subaccount that has none yet (so repeating the seed
//!   does not duplicate them): one operating area (a ~10-16 km wide polygon around the
//!   city centre), 3-5 parking zones, 1-2 no-parking zones and one slow-speed zone inside
//!   it. The city is known by the subaccount's name (Berlin, Amsterdam, Paris, …), else
//!   picked deterministically from [`area::CITIES`] by subaccount id.
//! - **Pricing plans** are inserted per vehicle type with `ON CONFLICT DO NOTHING`:
//!   existing plans are never changed.
//! - **Vehicles** are split evenly over the subaccounts, placed uniformly inside the first
//!   operating area of the subaccount (outside its no-parking zones) by rejection sampling,
//!   with a realistic mix of types and statuses (never `in_use`/`reserved`: no rides exist).
//!   Vehicle numbers continue the tenant's `vehicle_number` sequence (`V001`…).
//! - **Customers** continue the tenant's `customer_number` sequence, with
//!   `rider<number>@example.com` emails; ~70 % get a welcome credit written as a ledger row
//!   *and* as the wallet balance, so balance = sum of ledger holds.
//!
//! Seeding writes **no outbox events**: it is bulk back-office data, not a change partners
//! should be notified of (thousands of `customer.created` webhooks would flood endpoints).
//! Rows are written with one `INSERT … SELECT * FROM unnest(…)` per chunk of
//! [`store::CHUNK`] rows (each chunk its own transaction), so a run that fails midway keeps
//! the chunks already written; numbers reserved for unwritten rows are skipped, not reused.
//! The same `seed` gives the same data values (ids are UUID v7 and differ per run).

pub mod area;
pub mod catalog;
mod customers;
pub mod rng;
pub mod store;
mod vehicles;
mod zones;

use diesel_async::AsyncPgConnection;

use crate::sequences::{self, Sequence};
use crate::tenancy::{service as tenancy, store as tenancy_store};
use crate::{Error, Subaccount, SubaccountId, TenantId};
use customers::seed_customers;
use rng::Rng;
use vehicles::seed_vehicles;
use zones::{fleet_area, zones_and_plans};

/// Upper bound per run for either count.
pub const MAX_ROWS: u64 = 1_000_000;

/// What to seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedOptions {
    pub vehicles: u64,
    pub customers: u64,
    /// Subaccounts to seed; empty = every subaccount of the tenant (live and sandbox).
    pub subaccounts: Vec<SubaccountId>,
    /// PRNG seed: the same seed gives the same data.
    pub seed: u64,
}

/// What one subaccount received.
#[derive(Debug, Clone, PartialEq)]
pub struct SubaccountSeeded {
    pub subaccount_id: SubaccountId,
    pub name: String,
    pub sandbox: bool,
    pub city: &'static str,
    pub vehicles: u64,
    pub customers: u64,
    /// Zones created by this run (0 when the subaccount already had zones).
    pub zones_created: usize,
    /// Pricing plans created by this run (0 when all existed).
    pub plans_created: usize,
}

fn share(total: u64, parts: usize, index: usize) -> u64 {
    let parts = parts as u64;
    let index = index as u64;
    total / parts + u64::from(index < total % parts)
}

/// Seeds `tenant` as described in the module documentation.
pub async fn seed_tenant(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    options: &SeedOptions,
) -> Result<Vec<SubaccountSeeded>, Error> {
    if options.vehicles > MAX_ROWS {
        return Err(Error::invalid("vehicles", format!("at most {MAX_ROWS}")));
    }
    if options.customers > MAX_ROWS {
        return Err(Error::invalid("customers", format!("at most {MAX_ROWS}")));
    }
    tenancy::get_tenant(conn, tenant).await?;
    let subaccounts = select_subaccounts(conn, tenant, &options.subaccounts).await?;
    let mut rng = Rng::new(options.seed);
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let mut next_vehicle = if options.vehicles > 0 {
        sequences::reserve(
            conn,
            tenant,
            Sequence::VehicleNumber,
            count(options.vehicles),
        )
        .await?
    } else {
        0
    };
    let mut next_customer = if options.customers > 0 {
        sequences::reserve(
            conn,
            tenant,
            Sequence::CustomerNumber,
            count(options.customers),
        )
        .await?
    } else {
        0
    };
    let mut report = Vec::with_capacity(subaccounts.len());
    for (index, sub) in subaccounts.iter().enumerate() {
        let city = area::city_for(&sub.name, sub.id);
        let (zones_created, plans_created, generated) =
            zones_and_plans(conn, tenant, sub, city, &mut rng).await?;
        let (operating_area, no_parking) =
            fleet_area(conn, tenant, sub.id, generated, city, &mut rng).await?;
        let vehicles = share(options.vehicles, subaccounts.len(), index);
        let customers = share(options.customers, subaccounts.len(), index);
        seed_vehicles(
            conn,
            tenant,
            sub.id,
            city,
            &operating_area,
            &no_parking,
            vehicles,
            &mut next_vehicle,
            &mut rng,
        )
        .await?;
        seed_customers(
            conn,
            tenant,
            sub,
            city,
            customers,
            &mut next_customer,
            &mut rng,
        )
        .await?;
        report.push(SubaccountSeeded {
            subaccount_id: sub.id,
            name: sub.name.clone(),
            sandbox: sub.sandbox,
            city: city.name,
            vehicles,
            customers,
            zones_created,
            plans_created,
        });
    }
    Ok(report)
}

/// Whether the tenant has any vehicle (`serve --demo` seeds only an empty demo tenant).
pub async fn has_vehicles(conn: &mut AsyncPgConnection, tenant: TenantId) -> Result<bool, Error> {
    Ok(store::count_vehicles(conn, tenant).await? > 0)
}

async fn select_subaccounts(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    wanted: &[SubaccountId],
) -> Result<Vec<Subaccount>, Error> {
    let subaccounts = if wanted.is_empty() {
        tenancy_store::list_subaccounts(conn, tenant, None).await?
    } else {
        let found = tenancy_store::subaccounts_by_ids(conn, tenant, wanted).await?;
        let mut ordered = Vec::with_capacity(wanted.len());
        for id in wanted {
            let sub = found
                .iter()
                .find(|s| s.id == *id)
                .ok_or_else(|| Error::not_found("subaccount", id))?;
            if !ordered.iter().any(|s: &Subaccount| s.id == *id) {
                ordered.push(sub.clone());
            }
        }
        ordered
    };
    if subaccounts.is_empty() {
        return Err(Error::invalid(
            "subaccount",
            "the tenant has no subaccounts to seed",
        ));
    }
    Ok(subaccounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up() {
        for (total, parts) in [(100_000, 3), (7, 3), (0, 2), (1, 5)] {
            let sum: u64 = (0..parts).map(|i| share(total, parts, i)).sum();
            assert_eq!(sum, total);
        }
        assert_eq!(share(7, 3, 0), 3);
        assert_eq!(share(7, 3, 2), 2);
    }
}
