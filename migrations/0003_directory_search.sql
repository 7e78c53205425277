-- Accent-insensitive search for the directory: trigram indexes over the shared search key.
CREATE INDEX IF NOT EXISTS units_name_search_idx ON directory.units USING gin (public.f_search_key(name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS unit_mappings_old_name_search_idx ON directory.unit_mappings USING gin (public.f_search_key(old_name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS agencies_name_search_idx ON directory.agencies USING gin (public.f_search_key(name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS agencies_short_name_search_idx ON directory.agencies USING gin (public.f_search_key(short_name) gin_trgm_ops);
