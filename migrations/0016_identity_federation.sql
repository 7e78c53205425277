CREATE TABLE "identity"."federated_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"state_hash" text NOT NULL,
	"browser_hash" text NOT NULL,
	"code_verifier" text NOT NULL,
	"nonce" text NOT NULL,
	"next_path" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "federated_attempts_stateHash_unique" UNIQUE("state_hash")
);
--> statement-breakpoint
CREATE INDEX "federated_attempts_expires_idx" ON "identity"."federated_attempts" USING btree ("expires_at");