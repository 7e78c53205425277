ALTER TABLE "identity"."accounts" ADD COLUMN "last_sign_in_at" timestamp with time zone;--> statement-breakpoint
-- Sessions not yet purged still tell when their accounts last signed in.
UPDATE "identity"."accounts" a SET "last_sign_in_at" = s.last FROM (SELECT account_id, max(created_at) AS last FROM "identity"."sessions" GROUP BY account_id) s WHERE s.account_id = a.id;