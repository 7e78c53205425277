CREATE SCHEMA "crypto";
--> statement-breakpoint
CREATE TABLE "crypto"."signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"alg" text DEFAULT 'EdDSA' NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_key_envelope" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	"not_after" timestamp with time zone,
	CONSTRAINT "signing_keys_status_valid" CHECK ("crypto"."signing_keys"."status" in ('active', 'retired')),
	CONSTRAINT "signing_keys_alg_valid" CHECK ("crypto"."signing_keys"."alg" = 'EdDSA'),
	CONSTRAINT "signing_keys_retired_dates" CHECK (("crypto"."signing_keys"."status" = 'active' and "crypto"."signing_keys"."retired_at" is null and "crypto"."signing_keys"."not_after" is null) or ("crypto"."signing_keys"."status" = 'retired' and "crypto"."signing_keys"."retired_at" is not null and "crypto"."signing_keys"."not_after" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_one_active" ON "crypto"."signing_keys" USING btree ("status") WHERE status = 'active';