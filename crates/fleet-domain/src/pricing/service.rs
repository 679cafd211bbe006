//! Pricing rules: validated upsert, the plan a ride uses, the scoped list.

use diesel_async::AsyncPgConnection;
use envelope::PageRequest;
use time::OffsetDateTime;

use super::{store, NewPricingPlan, PricingPlan, PricingPlanId};
use crate::tenancy::store as tenancy_store;
use crate::vehicles::VehicleType;
use crate::{Error, Listing, Scope, SubaccountId, TenantId, Window};

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

/// Creates or replaces the plan of a subaccount (the scope's only one, or
/// `new.subaccount_id`) and vehicle type.
pub async fn upsert_plan(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    new: NewPricingPlan,
) -> Result<PricingPlan, Error> {
    let subaccount_id = scope.target_subaccount(new.subaccount_id)?;
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid("name", "must be 1-200 printable characters"));
    }
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
    let plan = PricingPlan {
        id: PricingPlanId::new(),
        tenant_id: scope.tenant_id(),
        subaccount_id,
        vehicle_type: new.vehicle_type,
        name: name.to_owned(),
        unlock_cents,
        per_minute_cents,
        pause_per_minute_cents,
        per_km_cents,
        currency,
        created_at: now,
        updated_at: now,
    };
    Ok(store::upsert(conn, &plan).await?)
}

/// The plan in force for a vehicle type in a subaccount, if one is configured.
pub async fn plan_for(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    vehicle_type: VehicleType,
) -> Result<Option<PricingPlan>, Error> {
    Ok(store::find(conn, tenant, subaccount, vehicle_type).await?)
}

/// Query filters of `GET /pricing`, as sent (parsed here so errors name the field).
#[derive(Debug, Clone, Default)]
pub struct PlanFilter {
    pub subaccount_id: Option<String>,
    pub vehicle_type: Option<String>,
}

/// The plans in scope (page or cursor mode), optionally of one subaccount and/or vehicle type.
pub async fn list_plans(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &PlanFilter,
    page: &PageRequest,
) -> Result<Listing<PricingPlan>, Error> {
    let scope = crate::vehicles::service::narrow_by_filter(scope, filter.subaccount_id.as_deref())?;
    let vehicle_type = filter
        .vehicle_type
        .as_deref()
        .map(|s| {
            s.parse()
                .map_err(|e: String| Error::invalid("vehicle_type", e))
        })
        .transpose()?;
    let window = Window::from_request(page)?;
    let (lim, offset) = window.limit_offset();
    match window {
        Window::Page { page, limit } => {
            let total = store::count(conn, &scope, vehicle_type).await?;
            let rows = store::page(conn, &scope, vehicle_type, None, lim, offset).await?;
            Ok(Listing::from_page(rows, page, limit, total))
        }
        Window::Cursor { after, limit } => {
            let rows = store::page(conn, &scope, vehicle_type, after.as_ref(), lim, 0).await?;
            Ok(Listing::from_cursor_rows(rows, limit, |r| {
                (r.created_at, r.id.0)
            }))
        }
    }
}
