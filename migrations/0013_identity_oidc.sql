CREATE TABLE "identity"."api_clients" (
	"client_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secret_envelope" text,
	"redirect_uris" text[] NOT NULL,
	"post_logout_redirect_uris" text[] DEFAULT '{}'::text[] NOT NULL,
	"allowed_scopes" text[] NOT NULL,
	"token_endpoint_auth_method" text NOT NULL,
	"jwks" jsonb,
	"purpose" text NOT NULL,
	"owner_agency_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity"."consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"grant_id" text NOT NULL,
	"scopes" text[] NOT NULL,
	"claims" text[] NOT NULL,
	"purpose" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity"."oidc_payloads" (
	"id" text NOT NULL,
	"model" text NOT NULL,
	"payload" jsonb NOT NULL,
	"grant_id" text,
	"user_code" text,
	"uid" text,
	"expires_at" timestamp with time zone,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "oidc_payloads_model_id_pk" PRIMARY KEY("model","id")
);
--> statement-breakpoint
ALTER TABLE "identity"."consents" ADD CONSTRAINT "consents_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "identity"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."consents" ADD CONSTRAINT "consents_client_id_api_clients_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "identity"."api_clients"("client_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consents_account_idx" ON "identity"."consents" USING btree ("account_id","client_id");--> statement-breakpoint
CREATE INDEX "oidc_payloads_grant_idx" ON "identity"."oidc_payloads" USING btree ("grant_id") WHERE "identity"."oidc_payloads"."grant_id" is not null;--> statement-breakpoint
CREATE INDEX "oidc_payloads_user_code_idx" ON "identity"."oidc_payloads" USING btree ("user_code") WHERE "identity"."oidc_payloads"."user_code" is not null;--> statement-breakpoint
CREATE INDEX "oidc_payloads_uid_idx" ON "identity"."oidc_payloads" USING btree ("uid") WHERE "identity"."oidc_payloads"."uid" is not null;--> statement-breakpoint
CREATE INDEX "oidc_payloads_expires_idx" ON "identity"."oidc_payloads" USING btree ("expires_at");