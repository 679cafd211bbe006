DROP INDEX vehicles_gbfs_idx;
DROP TABLE gbfs_feeds;
DROP INDEX pricing_plans_active_type_key;
DELETE FROM pricing_plans WHERE NOT active;
ALTER TABLE pricing_plans ADD CONSTRAINT pricing_plans_tenant_id_subaccount_id_vehicle_type_key
    UNIQUE (tenant_id, subaccount_id, vehicle_type);
ALTER TABLE pricing_plans DROP COLUMN active;
