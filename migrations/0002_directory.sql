CREATE SCHEMA "directory";
--> statement-breakpoint
CREATE TABLE "directory"."agencies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"code_scheme" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"type" text NOT NULL,
	"parent_id" uuid,
	"unit_code" text,
	"address" text,
	"phone" text,
	"email" text,
	"website" text,
	"hours" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "agencies_type_valid" CHECK ("directory"."agencies"."type" in ('city_people_committee', 'city_office', 'department', 'inspectorate', 'police', 'service_center', 'public_service_unit', 'management_board', 'commune_people_committee')),
	CONSTRAINT "agencies_not_own_parent" CHECK ("directory"."agencies"."parent_id" is null or "directory"."agencies"."parent_id" <> "directory"."agencies"."id")
);
--> statement-breakpoint
CREATE TABLE "directory"."staff_roles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"role" text NOT NULL,
	"ward_code" text,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"revoked_by" text,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "staff_roles_role_valid" CHECK ("directory"."staff_roles"."role" in ('city_admin', 'agency_admin', 'officer', 'reception', 'community_member'))
);
--> statement-breakpoint
CREATE TABLE "directory"."unit_mappings" (
	"catalogue_version" text NOT NULL,
	"old_code" text NOT NULL,
	"old_level" text NOT NULL,
	"old_name" text NOT NULL,
	"old_district_code" text,
	"old_district_name" text,
	"old_province_code" text NOT NULL,
	"old_province_name" text NOT NULL,
	"new_code" text NOT NULL,
	"kind" text NOT NULL,
	"note" text NOT NULL,
	"is_partial" boolean NOT NULL,
	CONSTRAINT "unit_mappings_catalogue_version_old_code_new_code_pk" PRIMARY KEY("catalogue_version","old_code","new_code")
);
--> statement-breakpoint
CREATE TABLE "directory"."units" (
	"catalogue_version" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"type" text NOT NULL,
	"province_code" text DEFAULT '48' NOT NULL,
	"boundary" jsonb,
	CONSTRAINT "units_catalogue_version_code_pk" PRIMARY KEY("catalogue_version","code"),
	CONSTRAINT "units_code_format" CHECK ("directory"."units"."code" ~ '^([0-9]{2}|[0-9]{5})$'),
	CONSTRAINT "units_type_valid" CHECK ("directory"."units"."type" in ('city', 'ward', 'commune', 'special_zone'))
);
--> statement-breakpoint
ALTER TABLE "directory"."agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "directory"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory"."staff_roles" ADD CONSTRAINT "staff_roles_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "directory"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_code_key" ON "directory"."agencies" USING btree ("code");--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "directory"."agencies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "agencies_unit_idx" ON "directory"."agencies" USING btree ("unit_code");--> statement-breakpoint
CREATE INDEX "staff_roles_account_active_idx" ON "directory"."staff_roles" USING btree ("account_id") WHERE "directory"."staff_roles"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "staff_roles_agency_idx" ON "directory"."staff_roles" USING btree ("agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_roles_active_key" ON "directory"."staff_roles" USING btree ("account_id","agency_id","role",coalesce("ward_code", '')) WHERE "directory"."staff_roles"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "unit_mappings_new_code_idx" ON "directory"."unit_mappings" USING btree ("catalogue_version","new_code");