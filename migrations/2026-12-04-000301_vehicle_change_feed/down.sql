DROP TRIGGER vehicle_changes_delete ON vehicles;
DROP TRIGGER vehicle_changes_update ON vehicles;
DROP TRIGGER vehicle_changes_insert ON vehicles;
DROP FUNCTION vehicle_changes_record();
DROP TABLE vehicle_changes;
