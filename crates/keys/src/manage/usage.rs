//! Usage of keys for lists and reads: requests per UTC day, ISO week and calendar month
//! from the daily roll-up, and the last use.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use fleet_domain::audit::Usage;
use fleet_domain::{ApiKeyId, TenantId};

#[derive(QueryableByName)]
struct UsageRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = BigInt)]
    today: i64,
    #[diesel(sql_type = BigInt)]
    this_week: i64,
    #[diesel(sql_type = BigInt)]
    this_month: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_used_at: Option<OffsetDateTime>,
}

/// Usage of many keys in one query (UTC day, ISO week, calendar month), from the roll-up.
pub async fn usage_of(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    ids: &[ApiKeyId],
    now: OffsetDateTime,
) -> QueryResult<HashMap<ApiKeyId, Usage>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    let rows: Vec<UsageRow> = diesel::sql_query(
        "SELECT k.id, \
           coalesce(sum(u.requests) FILTER (WHERE u.day = d.today), 0)::bigint AS today, \
           coalesce(sum(u.requests) FILTER (WHERE u.day >= date_trunc('week', d.today)::date), 0)::bigint AS this_week, \
           coalesce(sum(u.requests) FILTER (WHERE u.day >= date_trunc('month', d.today)::date), 0)::bigint AS this_month, \
           k.last_used_at \
         FROM api_keys k \
         CROSS JOIN (SELECT ($3 AT TIME ZONE 'UTC')::date AS today) d \
         LEFT JOIN api_key_usage_daily u \
           ON u.tenant_id = k.tenant_id AND u.api_key_id = k.id \
          AND u.day >= least(date_trunc('week', d.today)::date, date_trunc('month', d.today)::date) \
         WHERE k.tenant_id = $1 AND k.id = ANY($2) \
         GROUP BY k.id, k.last_used_at",
    )
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                ApiKeyId(r.id),
                Usage {
                    today: r.today,
                    this_week: r.this_week,
                    this_month: r.this_month,
                    last_used_at: r.last_used_at,
                },
            )
        })
        .collect())
}
