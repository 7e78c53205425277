CREATE TABLE "identity"."assisted_requests" (
	"challenge_id" uuid PRIMARY KEY NOT NULL,
	"assistant_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."assisted_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"assistant_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"staff_session_id" uuid,
	"role" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"ward_code" text,
	"registered" boolean DEFAULT false NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	CONSTRAINT "assisted_sessions_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "identity"."assisted_requests" ADD CONSTRAINT "assisted_requests_challenge_id_otp_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "identity"."otp_challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."assisted_requests" ADD CONSTRAINT "assisted_requests_assistant_id_accounts_id_fk" FOREIGN KEY ("assistant_id") REFERENCES "identity"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."assisted_sessions" ADD CONSTRAINT "assisted_sessions_assistant_id_accounts_id_fk" FOREIGN KEY ("assistant_id") REFERENCES "identity"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."assisted_sessions" ADD CONSTRAINT "assisted_sessions_citizen_id_accounts_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "identity"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."assisted_sessions" ADD CONSTRAINT "assisted_sessions_staff_session_id_sessions_id_fk" FOREIGN KEY ("staff_session_id") REFERENCES "identity"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assisted_requests_assistant_idx" ON "identity"."assisted_requests" USING btree ("assistant_id");--> statement-breakpoint
CREATE INDEX "assisted_sessions_citizen_idx" ON "identity"."assisted_sessions" USING btree ("citizen_id","started_at");--> statement-breakpoint
CREATE INDEX "assisted_sessions_live_assistant_idx" ON "identity"."assisted_sessions" USING btree ("assistant_id") WHERE "identity"."assisted_sessions"."ended_at" is null;