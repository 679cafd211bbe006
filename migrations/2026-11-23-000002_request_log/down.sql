DROP TABLE api_key_usage_daily;
DROP TABLE request_logs;
