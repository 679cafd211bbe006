-- webhook_event_wanted() is no longer called: a SQL function whose body is a sub-select is
-- not inlined by the planner, so the telematics write ran it as a function call per event
-- row (~10 µs each under auto_explain). The write statement carries the same EXISTS itself
-- (crates/telematics/src/store.rs), next to the dispatcher's match it mirrors.
DROP FUNCTION webhook_event_wanted(uuid, uuid, text);
