-- Trigram indexes on the stored search keys replace the expression indexes of 0003_directory_search.
DROP INDEX IF EXISTS directory.units_name_search_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS directory.unit_mappings_old_name_search_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS directory.agencies_name_search_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS directory.agencies_short_name_search_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS units_name_key_trgm_idx ON directory.units USING gin (name_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS unit_mappings_old_name_key_trgm_idx ON directory.unit_mappings USING gin (old_name_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS agencies_name_key_trgm_idx ON directory.agencies USING gin (name_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS agencies_short_name_key_trgm_idx ON directory.agencies USING gin (short_name_key gin_trgm_ops);
