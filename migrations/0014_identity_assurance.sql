CREATE TABLE "identity"."assurance_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"level" smallint NOT NULL,
	"method" text NOT NULL,
	"verified_by" text,
	"agency_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."profile_sources" (
	"account_id" uuid NOT NULL,
	"field" text NOT NULL,
	"source" text NOT NULL,
	"evidence_id" uuid,
	"verified_at" timestamp with time zone NOT NULL,
	CONSTRAINT "profile_sources_account_id_field_pk" PRIMARY KEY("account_id","field")
);
--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "family_name" text;--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "middle_name" text;--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "given_name" text;--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "date_of_birth" date;--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "sex" text;--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "address_unit_code" text;--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "cccd_sealed" text;--> statement-breakpoint
ALTER TABLE "identity"."accounts" ADD COLUMN "cccd_index" text;--> statement-breakpoint
ALTER TABLE "identity"."assurance_evidence" ADD CONSTRAINT "assurance_evidence_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "identity"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."profile_sources" ADD CONSTRAINT "profile_sources_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "identity"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."profile_sources" ADD CONSTRAINT "profile_sources_evidence_id_assurance_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "identity"."assurance_evidence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assurance_evidence_account_idx" ON "identity"."assurance_evidence" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_cccd_index_key" ON "identity"."accounts" USING btree ("cccd_index") WHERE "identity"."accounts"."cccd_index" is not null;