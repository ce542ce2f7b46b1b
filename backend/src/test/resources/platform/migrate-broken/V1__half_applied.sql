-- Test-only migration (DatabaseMigrationTest): fails after its first statement, which PostgreSQL
-- must roll back with it.
CREATE TABLE migrate_mode_half_applied (id integer);
SELECT this_function_does_not_exist();
