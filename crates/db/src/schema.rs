//! The diesel schema, matching `migrations/` (checked by the `schema_matches_database` test).

diesel::table! {
    tenants (id) {
        id -> Uuid,
        name -> Text,
        plan -> Text,
        status -> Text,
        max_api_keys -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    subaccounts (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        name -> Text,
        currency -> Text,
        timezone -> Text,
        sandbox -> Bool,
        min_start_battery_percent -> Int4,
        battery_low_threshold_percent -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        previous_key_hash -> Nullable<Text>,
        previous_key_expires_at -> Nullable<Timestamptz>,
        mode -> Text,
        permissions -> Array<Text>,
        scope -> Text,
        subaccount_ids -> Array<Uuid>,
        rate_limit_per_minute -> Nullable<Int4>,
        rate_limit_per_hour -> Nullable<Int4>,
        rate_limit_per_day -> Nullable<Int4>,
        allowed_ips -> Array<Text>,
        expires_at -> Nullable<Timestamptz>,
        active -> Bool,
        revoked_at -> Nullable<Timestamptz>,
        deleted_at -> Nullable<Timestamptz>,
        created_by -> Nullable<Text>,
        last_used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(subaccounts -> tenants (tenant_id));
diesel::joinable!(api_keys -> tenants (tenant_id));

diesel::allow_tables_to_appear_in_same_query!(
    tenants,
    subaccounts,
    api_keys,
    request_logs,
    api_key_usage_daily
);

diesel::table! {
    request_logs (id) {
        id -> Uuid,
        tenant_id -> Nullable<Uuid>,
        request_id -> Text,
        api_key_id -> Nullable<Uuid>,
        operator_id -> Nullable<Uuid>,
        method -> Text,
        route -> Nullable<Text>,
        path -> Text,
        query -> Nullable<Text>,
        status -> Int4,
        duration_ms -> Int4,
        client_ip -> Text,
        user_agent -> Nullable<Text>,
        origin_app -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    api_key_usage_daily (tenant_id, api_key_id, day) {
        tenant_id -> Uuid,
        api_key_id -> Uuid,
        day -> Date,
        requests -> Int8,
    }
}
