ALTER TABLE `sessions` ADD `env` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `pinned` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `rerun_of` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `latest_rerun` text;--> statement-breakpoint
CREATE INDEX `sessions_ended_idx` ON `sessions` (`ended_at`);