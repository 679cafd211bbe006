//! Pricing rules: validated create/update/deactivate (each with its event), the seeder's
//! upsert, the plan a ride uses, the scoped list.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use envelope::PageRequest;
use time::OffsetDateTime;

use super::{store, NewPricingPlan, PricingPlan, PricingPlanId, PricingPlanPatch};
use crate::events::{ConfigAction, PricingUpdated};
use crate::tenancy::store as tenancy_store;
use crate::vehicles::VehicleType;
use crate::{record_event, Error, Event, Listing, Scope, SubaccountId, TenantId, Window};

/// Largest amount of any price component, in cents (the table's CHECK).
pub const MAX_CENTS: i32 = 1_000_000;

fn check_cents(field: &'static str, cents: i32) -> Result<i32, Error> {
    if (0..=MAX_CENTS).contains(&cents) {
        Ok(cents)
    } else {
        Err(Error::invalid(
            field,
            format!("must be between 0 and {MAX_CENTS} cents"),
        ))
    }
}

fn check_name(name: &str) -> Result<String, Error> {
    crate::input::display_name("name", name)
}

/// Validates `new` into a plan row (active, new id) in the scope's subaccount.
async fn validated(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    new: NewPricingPlan,
) -> Result<PricingPlan, Error> {
    let subaccount_id = scope.target_subaccount(new.subaccount_id)?;
    let name = check_name(&new.name)?;
    let unlock_cents = check_cents("unlock_cents", new.unlock_cents)?;
    let per_minute_cents = check_cents("per_minute_cents", new.per_minute_cents)?;
    let pause_per_minute_cents = check_cents("pause_per_minute_cents", new.pause_per_minute_cents)?;
    let per_km_cents = check_cents("per_km_cents", new.per_km_cents)?;
    let subaccount = tenancy_store::subaccounts_by_ids(conn, scope.tenant_id(), &[subaccount_id])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("subaccount", subaccount_id))?;
    let currency = match new.currency {
        None => subaccount.currency,
        Some(c) if c == subaccount.currency => c,
        Some(_) => {
            return Err(Error::invalid(
                "currency",
                format!(
                    "must be the subaccount's currency ({})",
                    subaccount.currency
                ),
            ))
        }
    };
    let now = OffsetDateTime::now_utc();
    Ok(PricingPlan {
        id: PricingPlanId::new(),
        tenant_id: scope.tenant_id(),
        subaccount_id,
        vehicle_type: new.vehicle_type,
        name,
        unlock_cents,
        per_minute_cents,
        pause_per_minute_cents,
        per_km_cents,
        currency,
        created_at: now,
        updated_at: now,
        active: true,
    })
}

/// Creates or replaces the active plan of a subaccount (the scope's only one, or
/// `new.subaccount_id`) and vehicle type, without an event (the seeder and tests).
pub async fn upsert_plan(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    new: NewPricingPlan,
) -> Result<PricingPlan, Error> {
    let plan = validated(conn, scope, new).await?;
    Ok(store::upsert(conn, &plan).await?)
}

/// Creates the active plan of a vehicle type in a subaccount (currency: the subaccount's)
/// and records `pricing.updated` (`created`) in the same transaction. `409 CONFLICT` when
/// that type already has an active plan (update it, or deactivate it first).
pub async fn create_plan(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    new: NewPricingPlan,
) -> Result<PricingPlan, Error> {
    conn.transaction(async |conn| {
        let plan = validated(conn, scope, new).await?;
        let plan = store::insert(conn, &plan).await.map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => Error::Duplicate("An active pricing plan for this vehicle type"),
            other => Error::Database(other),
        })?;
        record_event(
            conn,
            scope,
            &Event::PricingUpdated(PricingUpdated::new(ConfigAction::Created, &plan)),
        )
        .await?;
        Ok(plan)
    })
    .await
}

/// The plan, locked until the transaction ends; `409` when it is deactivated.
async fn lock_active(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: PricingPlanId,
) -> Result<PricingPlan, Error> {
    let plan = store::lock(conn, scope, id)
        .await
        .map_err(Error::or_not_found("pricing_plan", id))?;
    if !plan.active {
        return Err(Error::Conflict {
            resource: "pricing_plan",
            id: id.to_string(),
            current_status: "inactive".into(),
            message: "The pricing plan is deactivated; create a new one".into(),
        });
    }
    Ok(plan)
}

/// Changes the prices or name of an active plan and records `pricing.updated` (`updated`)
/// in the same transaction. Rides that already started keep their snapshot (SPEC §8).
pub async fn update_plan(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: PricingPlanId,
    patch: PricingPlanPatch,
) -> Result<PricingPlan, Error> {
    let name = patch.name.as_deref().map(check_name).transpose()?;
    let cents = |field, v: Option<i32>| v.map(|c| check_cents(field, c)).transpose();
    let unlock = cents("unlock_cents", patch.unlock_cents)?;
    let per_minute = cents("per_minute_cents", patch.per_minute_cents)?;
    let pause = cents("pause_per_minute_cents", patch.pause_per_minute_cents)?;
    let per_km = cents("per_km_cents", patch.per_km_cents)?;
    conn.transaction(async |conn| {
        let mut plan = lock_active(conn, scope, id).await?;
        if let Some(name) = name {
            plan.name = name;
        }
        plan.unlock_cents = unlock.unwrap_or(plan.unlock_cents);
        plan.per_minute_cents = per_minute.unwrap_or(plan.per_minute_cents);
        plan.pause_per_minute_cents = pause.unwrap_or(plan.pause_per_minute_cents);
        plan.per_km_cents = per_km.unwrap_or(plan.per_km_cents);
        plan.updated_at = OffsetDateTime::now_utc();
        let plan = store::update(conn, &plan).await?;
        record_event(
            conn,
            scope,
            &Event::PricingUpdated(PricingUpdated::new(ConfigAction::Updated, &plan)),
        )
        .await?;
        Ok(plan)
    })
    .await
}

/// Deactivates a plan: new rides of its vehicle type cannot start until a plan is active
/// again (rides already started keep their snapshot). Records `pricing.updated`
/// (`deactivated`) in the same transaction; `409` when already deactivated.
pub async fn deactivate_plan(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: PricingPlanId,
) -> Result<PricingPlan, Error> {
    conn.transaction(async |conn| {
        let mut plan = lock_active(conn, scope, id).await?;
        plan.active = false;
        plan.updated_at = OffsetDateTime::now_utc();
        let plan = store::update(conn, &plan).await?;
        record_event(
            conn,
            scope,
            &Event::PricingUpdated(PricingUpdated::new(ConfigAction::Deactivated, &plan)),
        )
        .await?;
        Ok(plan)
    })
    .await
}

/// One plan in scope (active or not).
pub async fn get_plan(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: PricingPlanId,
) -> Result<PricingPlan, Error> {
    store::get(conn, scope, id)
        .await
        .map_err(Error::or_not_found("pricing_plan", id))
}

/// The plan in force (the active one) for a vehicle type in a subaccount, if any.
pub async fn plan_for(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    vehicle_type: VehicleType,
) -> Result<Option<PricingPlan>, Error> {
    Ok(store::find(conn, tenant, subaccount, vehicle_type).await?)
}

/// Query filters of `GET /pricing`: the vehicle type parsed by the caller
/// ([`crate::parse_field`]), the subaccount id as sent (see
/// [`crate::vehicles::service::narrow_by_filter`]).
#[derive(Debug, Clone, Default)]
pub struct PlanFilter {
    pub subaccount_id: Option<String>,
    pub vehicle_type: Option<VehicleType>,
}

/// The plans in scope (page or cursor mode), optionally of one subaccount and/or vehicle type.
pub async fn list_plans(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &PlanFilter,
    page: &PageRequest,
) -> Result<Listing<PricingPlan>, Error> {
    let scope = crate::vehicles::service::narrow_by_filter(scope, filter.subaccount_id.as_deref())?;
    let vehicle_type = filter.vehicle_type;
    let window = Window::from_request(page)?;
    let (lim, offset) = window.limit_offset();
    match window {
        // Rows and total from one snapshot.
        Window::Page { page, limit } => {
            db::read_snapshot(conn)
                .run(async |conn| {
                    let total = store::count(conn, &scope, vehicle_type).await?;
                    let rows = store::page(conn, &scope, vehicle_type, None, lim, offset).await?;
                    Ok(Listing::from_page(rows, page, limit, total))
                })
                .await
        }
        Window::Cursor { after, limit } => {
            let rows = store::page(conn, &scope, vehicle_type, after.as_ref(), lim, 0).await?;
            Ok(Listing::from_cursor_rows(rows, limit, |r| {
                (r.created_at, r.id.0)
            }))
        }
    }
}
