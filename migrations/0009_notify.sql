CREATE SCHEMA "notify";
--> statement-breakpoint
CREATE TABLE "notify"."dev_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"to" text NOT NULL,
	"body" text NOT NULL,
	"request_id" text,
	"provider_message_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify"."inbox_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"notification_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notify"."notification_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"notification_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_events_channel_valid" CHECK (channel in ('sms', 'zalo', 'email', 'inapp')),
	CONSTRAINT "notification_events_status_valid" CHECK (status in ('created', 'sending', 'delivered', 'permanent-failure', 'temporary-failure'))
);
--> statement-breakpoint
CREATE TABLE "notify"."notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template" text NOT NULL,
	"reference" text,
	"channels" text[] NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"locale" text NOT NULL,
	"account_id" uuid,
	"sealed" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"provider_message_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "notifications_channel_valid" CHECK (channel in ('sms', 'zalo', 'email', 'inapp')),
	CONSTRAINT "notifications_status_valid" CHECK (status in ('created', 'sending', 'delivered', 'permanent-failure', 'temporary-failure'))
);
--> statement-breakpoint
ALTER TABLE "notify"."inbox_items" ADD CONSTRAINT "inbox_items_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "notify"."notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify"."notification_events" ADD CONSTRAINT "notification_events_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "notify"."notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dev_outbox_to_idx" ON "notify"."dev_outbox" USING btree ("to","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dev_outbox_request_key" ON "notify"."dev_outbox" USING btree ("channel","request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_items_notification_key" ON "notify"."inbox_items" USING btree ("notification_id");--> statement-breakpoint
CREATE INDEX "inbox_items_account_idx" ON "notify"."inbox_items" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_events_notification_idx" ON "notify"."notification_events" USING btree ("notification_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_reference_key" ON "notify"."notifications" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "notifications_provider_message_idx" ON "notify"."notifications" USING btree ("channel","provider_message_id");