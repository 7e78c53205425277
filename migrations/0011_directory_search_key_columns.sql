ALTER TABLE "directory"."unit_mappings" ADD COLUMN "old_name_key" text GENERATED ALWAYS AS (public.f_search_key(old_name)) STORED;--> statement-breakpoint
ALTER TABLE "directory"."units" ADD COLUMN "name_key" text GENERATED ALWAYS AS (public.f_search_key(name)) STORED;--> statement-breakpoint
ALTER TABLE "directory"."units" ADD COLUMN "short_name_key" text GENERATED ALWAYS AS (public.f_search_key(short_name)) STORED;--> statement-breakpoint
ALTER TABLE "directory"."agencies" ADD COLUMN "name_key" text GENERATED ALWAYS AS (public.f_search_key(name)) STORED;--> statement-breakpoint
ALTER TABLE "directory"."agencies" ADD COLUMN "short_name_key" text GENERATED ALWAYS AS (coalesce(public.f_search_key(short_name), '')) STORED;