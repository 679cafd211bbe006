CREATE FUNCTION webhook_event_wanted(tenant uuid, subaccount uuid, event_type text)
    RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (
        SELECT 1 FROM webhook_endpoints w
        WHERE w.tenant_id = tenant AND w.subaccount_id = subaccount AND w.active
          AND event_type = ANY (w.events))
$$;
