DROP TABLE events;
DROP TABLE pricing_plans;
DROP TABLE zones;
DROP TABLE wallet_transactions;
DROP TABLE wallets;
DROP TABLE customers;
DROP TABLE vehicles;
DROP TABLE tenant_sequences;
