CREATE SCHEMA "calendar";
--> statement-breakpoint
CREATE TYPE "calendar"."holiday_kind" AS ENUM('HOLIDAY', 'COMPENSATORY', 'SWAP_WORKDAY');--> statement-breakpoint
CREATE TYPE "calendar"."holiday_source" AS ENUM('announced', 'computed');--> statement-breakpoint
CREATE TABLE "calendar"."holidays" (
	"id" uuid PRIMARY KEY NOT NULL,
	"calendar_version" text DEFAULT 'vn-public-sector' NOT NULL,
	"date" date NOT NULL,
	"kind" "calendar"."holiday_kind" NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"legal_ref" text,
	"source" "calendar"."holiday_source" NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "holidays_version_date_key" UNIQUE("calendar_version","date")
);
--> statement-breakpoint
CREATE INDEX "holidays_date_idx" ON "calendar"."holidays" USING btree ("date");