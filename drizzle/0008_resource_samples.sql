CREATE TABLE `session_resource_samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`at` integer NOT NULL,
	`cpu_percent` real NOT NULL,
	`rss_bytes` integer NOT NULL,
	`processes` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_resource_samples_session_at_idx` ON `session_resource_samples` (`session_id`,`at`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `cpu_percent` real;--> statement-breakpoint
ALTER TABLE `sessions` ADD `rss_bytes` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `process_count` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `ports` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `sampled_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `peak_rss_bytes` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `cpu_seconds` real;