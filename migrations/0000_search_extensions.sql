-- Accent-insensitive Vietnamese search on both engines (PGlite and PostgreSQL ≥ 15).
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
--> statement-breakpoint
-- IMMUTABLE so it can back expression indexes; unaccent's default dictionary folds Đ/đ to D/d.
CREATE OR REPLACE FUNCTION public.f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
-- The search key: NFC-independent (unaccent strips marks), lower-cased, whitespace collapsed.
CREATE OR REPLACE FUNCTION public.f_search_key(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(regexp_replace(public.f_unaccent(normalize($1, NFC)), '\s+', ' ', 'g')) $$;
