//! Pricing plan queries. Every function filters by tenant (and the caller's scope).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use db::schema::pricing_plans as pp;

use super::{PricingPlan, PricingPlanId};
use crate::vehicles::VehicleType;
use crate::{Scope, SubaccountId, TenantId};

type Boxed<'a> = pp::BoxedQuery<'a, diesel::pg::Pg>;

fn filtered(scope: &Scope, vehicle_type: Option<VehicleType>) -> Boxed<'_> {
    let mut q = pp::table
        .filter(pp::tenant_id.eq(scope.tenant_id()))
        .filter(pp::subaccount_id.eq_any(scope.subaccount_ids()))
        .into_boxed();
    if let Some(t) = vehicle_type {
        q = q.filter(pp::vehicle_type.eq(t));
    }
    q
}

/// A plan's name and prices: the columns that insert, upsert and update all write.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = pp)]
struct PriceColumns<'a> {
    name: &'a str,
    unlock_cents: i32,
    per_minute_cents: i32,
    pause_per_minute_cents: i32,
    per_km_cents: i32,
}

impl<'a> From<&'a PricingPlan> for PriceColumns<'a> {
    fn from(plan: &'a PricingPlan) -> Self {
        Self {
            name: &plan.name,
            unlock_cents: plan.unlock_cents,
            per_minute_cents: plan.per_minute_cents,
            pause_per_minute_cents: plan.pause_per_minute_cents,
            per_km_cents: plan.per_km_cents,
        }
    }
}

/// Inserts a plan (a unique violation when its type already has an active plan).
pub async fn insert(conn: &mut AsyncPgConnection, plan: &PricingPlan) -> QueryResult<PricingPlan> {
    diesel::insert_into(pp::table)
        .values((
            pp::id.eq(plan.id),
            pp::tenant_id.eq(plan.tenant_id),
            pp::subaccount_id.eq(plan.subaccount_id),
            pp::vehicle_type.eq(plan.vehicle_type),
            PriceColumns::from(plan),
            pp::currency.eq(&plan.currency),
            pp::active.eq(plan.active),
        ))
        .returning(PricingPlan::as_returning())
        .get_result(conn)
        .await
}

/// Replaces the prices of the active plan of `plan`'s (tenant, subaccount, vehicle type), or
/// inserts `plan` when there is none; the id and `created_at` of an existing plan stay.
pub async fn upsert(conn: &mut AsyncPgConnection, plan: &PricingPlan) -> QueryResult<PricingPlan> {
    let updated = diesel::update(
        pp::table
            .filter(pp::tenant_id.eq(plan.tenant_id))
            .filter(pp::subaccount_id.eq(plan.subaccount_id))
            .filter(pp::vehicle_type.eq(plan.vehicle_type))
            .filter(pp::active),
    )
    .set((
        PriceColumns::from(plan),
        pp::currency.eq(&plan.currency),
        pp::updated_at.eq(diesel::dsl::now),
    ))
    .returning(PricingPlan::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    match updated {
        Some(p) => Ok(p),
        None => insert(conn, plan).await,
    }
}

/// Writes the mutable fields of `plan` (by id and tenant).
pub async fn update(conn: &mut AsyncPgConnection, plan: &PricingPlan) -> QueryResult<PricingPlan> {
    diesel::update(
        pp::table
            .filter(pp::tenant_id.eq(plan.tenant_id))
            .filter(pp::id.eq(plan.id)),
    )
    .set((
        PriceColumns::from(plan),
        pp::active.eq(plan.active),
        pp::updated_at.eq(plan.updated_at),
    ))
    .returning(PricingPlan::as_returning())
    .get_result(conn)
    .await
}

crate::scoped_row::scoped_get_and_lock!(pp, PricingPlan, PricingPlanId, lock);

/// The active plans of one subaccount (the GBFS feed), oldest first.
pub async fn active_for_subaccount(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
) -> QueryResult<Vec<PricingPlan>> {
    pp::table
        .filter(pp::tenant_id.eq(tenant))
        .filter(pp::subaccount_id.eq(subaccount))
        .filter(pp::active)
        .order((pp::created_at, pp::id))
        .select(PricingPlan::as_select())
        .load(conn)
        .await
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    vehicle_type: VehicleType,
) -> QueryResult<Option<PricingPlan>> {
    pp::table
        .filter(pp::tenant_id.eq(tenant))
        .filter(pp::subaccount_id.eq(subaccount))
        .filter(pp::vehicle_type.eq(vehicle_type))
        .filter(pp::active)
        .select(PricingPlan::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn count(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    vehicle_type: Option<VehicleType>,
) -> QueryResult<i64> {
    filtered(scope, vehicle_type).count().get_result(conn).await
}

pub async fn page(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    vehicle_type: Option<VehicleType>,
    after: Option<&envelope::Keyset>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<PricingPlan>> {
    let mut q = filtered(scope, vehicle_type);
    if let Some(k) = after {
        q = q.filter(crate::pagination::after_keyset(k));
    }
    q.order((pp::created_at, pp::id))
        .limit(limit)
        .offset(offset)
        .select(PricingPlan::as_select())
        .load(conn)
        .await
}
