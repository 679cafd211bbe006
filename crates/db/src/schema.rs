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
    api_key_usage_daily,
    tenant_sequences,
    vehicles,
    customers,
    wallets,
    wallet_transactions,
    zones,
    pricing_plans,
    events,
    rides
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

diesel::table! {
    tenant_sequences (tenant_id, name) {
        tenant_id -> Uuid,
        name -> Text,
        last_value -> Int8,
    }
}

diesel::table! {
    vehicles (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        vehicle_number -> Text,
        registration -> Nullable<Text>,
        #[sql_name = "type"]
        vehicle_type -> Text,
        make -> Nullable<Text>,
        model -> Nullable<Text>,
        year -> Nullable<Int4>,
        fuel_type -> Nullable<Text>,
        capacity -> Nullable<Int4>,
        status -> Text,
        battery_percent -> Nullable<Int4>,
        latitude -> Nullable<Float8>,
        longitude -> Nullable<Float8>,
        last_seen_at -> Nullable<Timestamptz>,
        metadata -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        device_id -> Nullable<Text>,
    }
}

diesel::table! {
    customers (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        customer_number -> Int8,
        email -> Text,
        name -> Nullable<Text>,
        phone -> Nullable<Text>,
        status -> Text,
        blocked_reason -> Nullable<Text>,
        metadata -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    wallets (customer_id) {
        customer_id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        balance_cents -> Int8,
        currency -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    wallet_transactions (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        customer_id -> Uuid,
        kind -> Text,
        amount_cents -> Int8,
        balance_after_cents -> Int8,
        currency -> Text,
        description -> Nullable<Text>,
        ride_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    zones (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        name -> Text,
        #[sql_name = "type"]
        zone_type -> Text,
        geometry -> Jsonb,
        speed_limit_kph -> Nullable<Int4>,
        min_lat -> Float8,
        min_lng -> Float8,
        max_lat -> Float8,
        max_lng -> Float8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    pricing_plans (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        vehicle_type -> Text,
        name -> Text,
        unlock_cents -> Int4,
        per_minute_cents -> Int4,
        pause_per_minute_cents -> Int4,
        per_km_cents -> Int4,
        currency -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        active -> Bool,
    }
}

diesel::table! {
    events (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        event_type -> Text,
        data -> Jsonb,
        created_at -> Timestamptz,
        dispatched_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(wallets -> customers (customer_id));

diesel::table! {
    rides (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        customer_id -> Uuid,
        vehicle_id -> Uuid,
        status -> Text,
        started_at -> Timestamptz,
        paused_at -> Nullable<Timestamptz>,
        paused_seconds -> Int8,
        ended_at -> Nullable<Timestamptz>,
        start_latitude -> Nullable<Float8>,
        start_longitude -> Nullable<Float8>,
        end_latitude -> Nullable<Float8>,
        end_longitude -> Nullable<Float8>,
        plan -> Jsonb,
        riding_seconds -> Nullable<Int8>,
        duration_minutes -> Nullable<Int4>,
        distance_m -> Nullable<Int8>,
        total_cents -> Nullable<Int8>,
        unlock_cents -> Nullable<Int8>,
        time_cents -> Nullable<Int8>,
        distance_cents -> Nullable<Int8>,
        discount_cents -> Nullable<Int8>,
        payment_status -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    idempotency_keys (tenant_id, api_key_id, idempotency_key) {
        tenant_id -> Uuid,
        api_key_id -> Uuid,
        idempotency_key -> Text,
        fingerprint -> Bytea,
        state -> Text,
        claim_id -> Uuid,
        claimed_at -> Timestamptz,
        response_status -> Nullable<Int4>,
        response_content_type -> Nullable<Text>,
        response_body -> Nullable<Bytea>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    operators (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        email -> Text,
        name -> Text,
        role -> Text,
        password_hash -> Text,
        last_login_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    operator_sessions (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        operator_id -> Uuid,
        token_hash -> Text,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
        absolute_expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        client_ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::joinable!(operators -> tenants (tenant_id));
diesel::allow_tables_to_appear_in_same_query!(operators, tenants);
diesel::allow_tables_to_appear_in_same_query!(operator_sessions, operators);

diesel::table! {
    webhook_endpoints (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        url -> Text,
        description -> Nullable<Text>,
        events -> Array<Text>,
        headers -> Jsonb,
        active -> Bool,
        auto_recover -> Bool,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamptz>,
        circuit -> Text,
        outage_started_at -> Nullable<Timestamptz>,
        circuit_opened_at -> Nullable<Timestamptz>,
        circuit_closed_at -> Nullable<Timestamptz>,
        next_probe_at -> Nullable<Timestamptz>,
        probe_interval_ms -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        endpoint_id -> Uuid,
        event_id -> Uuid,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempt_count -> Int4,
        attempt_limit -> Int4,
        next_attempt_at -> Nullable<Timestamptz>,
        locked_until -> Nullable<Timestamptz>,
        lock_token -> Nullable<Uuid>,
        last_status_code -> Nullable<Int4>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamptz>,
        failed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Uuid,
        delivery_id -> Uuid,
        endpoint_id -> Uuid,
        attempt_number -> Int4,
        success -> Bool,
        status_code -> Nullable<Int4>,
        latency_ms -> Int4,
        error -> Nullable<Text>,
        response_body -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::allow_tables_to_appear_in_same_query!(
    webhook_endpoints,
    webhook_deliveries,
    webhook_attempts
);

diesel::table! {
    telematics_pings (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        vehicle_id -> Uuid,
        ts -> Timestamptz,
        latitude -> Float8,
        longitude -> Float8,
        speed_kph -> Nullable<Float4>,
        heading_deg -> Nullable<Float4>,
        ignition -> Nullable<Bool>,
        accuracy_m -> Nullable<Float4>,
        battery_percent -> Nullable<Int2>,
        events -> Nullable<Array<Text>>,
        received_at -> Timestamptz,
    }
}

diesel::table! {
    gbfs_feeds (tenant_id, subaccount_id) {
        tenant_id -> Uuid,
        subaccount_id -> Uuid,
        enabled -> Bool,
        token -> Text,
        id_secret -> Bytea,
        feed_contact_email -> Text,
        rental_uri_android -> Nullable<Text>,
        rental_uri_ios -> Nullable<Text>,
        rental_uri_web -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::allow_tables_to_appear_in_same_query!(gbfs_feeds, subaccounts);
diesel::allow_tables_to_appear_in_same_query!(gbfs_feeds, tenants);
