DROP TABLE api_keys;
DROP TABLE subaccounts;
DROP TABLE tenants;
