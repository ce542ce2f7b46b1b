-- Test-only migration (DatabaseMigrationTest): proves the migrate-only mode applied it.
CREATE TABLE IF NOT EXISTS migrate_mode_probe (applied_by text NOT NULL);
INSERT INTO migrate_mode_probe (applied_by) VALUES ('DatabaseMigration');
