//! Operator and session queries. Everything is scoped by tenant except the two lookups that
//! discover the tenant: by email (sign-in) and by token hash (each request).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use db::schema::{operator_sessions, operators};
use fleet_domain::{OperatorId, TenantId};

use super::{Operator, Role, Session};

pub async fn insert(conn: &mut AsyncPgConnection, op: &Operator) -> QueryResult<Operator> {
    diesel::insert_into(operators::table)
        .values((
            operators::id.eq(op.id),
            operators::tenant_id.eq(op.tenant_id),
            operators::email.eq(&op.email),
            operators::name.eq(&op.name),
            operators::role.eq(op.role),
            operators::password_hash.eq(&op.password_hash),
        ))
        .returning(Operator::as_returning())
        .get_result(conn)
        .await
}

/// The operator with this email (case-insensitive), in any tenant.
pub async fn find_by_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> QueryResult<Option<Operator>> {
    operators::table
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("lower(email) = lower(")
                .bind::<diesel::sql_types::Text, _>(email)
                .sql(")"),
        )
        .select(Operator::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
) -> QueryResult<Option<Operator>> {
    operators::table
        .filter(operators::tenant_id.eq(tenant))
        .filter(operators::id.eq(id))
        .select(Operator::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Operator>> {
    operators::table
        .filter(operators::tenant_id.eq(tenant))
        .order((operators::created_at, operators::id))
        .limit(limit)
        .offset(offset)
        .select(Operator::as_select())
        .load(conn)
        .await
}

pub async fn count(conn: &mut AsyncPgConnection, tenant: TenantId) -> QueryResult<i64> {
    operators::table
        .filter(operators::tenant_id.eq(tenant))
        .count()
        .get_result(conn)
        .await
}

/// Owners of the tenant, locked until the transaction ends.
pub async fn owners_for_update(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
) -> QueryResult<Vec<OperatorId>> {
    operators::table
        .filter(operators::tenant_id.eq(tenant))
        .filter(operators::role.eq(Role::Owner))
        .select(operators::id)
        .for_update()
        .load(conn)
        .await
}

pub async fn delete(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
) -> QueryResult<usize> {
    diesel::delete(
        operators::table
            .filter(operators::tenant_id.eq(tenant))
            .filter(operators::id.eq(id)),
    )
    .execute(conn)
    .await
}

pub async fn set_role(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
    role: Role,
) -> QueryResult<Operator> {
    diesel::update(
        operators::table
            .filter(operators::tenant_id.eq(tenant))
            .filter(operators::id.eq(id)),
    )
    .set((
        operators::role.eq(role),
        operators::updated_at.eq(OffsetDateTime::now_utc()),
    ))
    .returning(Operator::as_returning())
    .get_result(conn)
    .await
}

pub async fn set_password_hash(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
    hash: &str,
) -> QueryResult<usize> {
    diesel::update(
        operators::table
            .filter(operators::tenant_id.eq(tenant))
            .filter(operators::id.eq(id)),
    )
    .set((
        operators::password_hash.eq(hash),
        operators::updated_at.eq(OffsetDateTime::now_utc()),
    ))
    .execute(conn)
    .await
}

pub async fn touch_login(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
    at: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::update(
        operators::table
            .filter(operators::tenant_id.eq(tenant))
            .filter(operators::id.eq(id)),
    )
    .set(operators::last_login_at.eq(at))
    .execute(conn)
    .await
}

pub async fn insert_session(
    conn: &mut AsyncPgConnection,
    session: &Session,
) -> QueryResult<Session> {
    diesel::insert_into(operator_sessions::table)
        .values((
            operator_sessions::id.eq(session.id),
            operator_sessions::tenant_id.eq(session.tenant_id),
            operator_sessions::operator_id.eq(session.operator_id),
            operator_sessions::token_hash.eq(&session.token_hash),
            operator_sessions::created_at.eq(session.created_at),
            operator_sessions::last_seen_at.eq(session.last_seen_at),
            operator_sessions::expires_at.eq(session.expires_at),
            operator_sessions::absolute_expires_at.eq(session.absolute_expires_at),
            operator_sessions::client_ip.eq(&session.client_ip),
            operator_sessions::user_agent.eq(&session.user_agent),
        ))
        .returning(Session::as_returning())
        .get_result(conn)
        .await
}

pub async fn session_by_hash(
    conn: &mut AsyncPgConnection,
    hash: &str,
) -> QueryResult<Option<Session>> {
    operator_sessions::table
        .filter(operator_sessions::token_hash.eq(hash))
        .select(Session::as_select())
        .first(conn)
        .await
        .optional()
}

/// Slides the expiry forward (capped by the absolute expiry) when the last renewal is older
/// than `min_gap`, so an active session costs at most one write per gap.
pub async fn renew_session(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    now: OffsetDateTime,
    new_expiry: OffsetDateTime,
    min_gap: time::Duration,
) -> QueryResult<usize> {
    diesel::update(
        operator_sessions::table
            .filter(operator_sessions::id.eq(id))
            .filter(operator_sessions::revoked_at.is_null())
            .filter(operator_sessions::last_seen_at.lt(now - min_gap)),
    )
    .set((
        operator_sessions::last_seen_at.eq(now),
        operator_sessions::expires_at.eq(new_expiry),
    ))
    .execute(conn)
    .await
}

pub async fn revoke_session(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: Uuid,
    at: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::update(
        operator_sessions::table
            .filter(operator_sessions::tenant_id.eq(tenant))
            .filter(operator_sessions::id.eq(id))
            .filter(operator_sessions::revoked_at.is_null()),
    )
    .set(operator_sessions::revoked_at.eq(at))
    .execute(conn)
    .await
}

/// Ends every open session of an operator (password change, removal).
pub async fn revoke_sessions_of(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    operator: OperatorId,
    at: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::update(
        operator_sessions::table
            .filter(operator_sessions::tenant_id.eq(tenant))
            .filter(operator_sessions::operator_id.eq(operator))
            .filter(operator_sessions::revoked_at.is_null()),
    )
    .set(operator_sessions::revoked_at.eq(at))
    .execute(conn)
    .await
}
