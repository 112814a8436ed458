ALTER TABLE `output_chunks` ADD `segment` integer;--> statement-breakpoint
ALTER TABLE `output_chunks` ADD `offset` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `host` text;