ALTER TABLE `sessions` ADD `tty` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `cols` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `rows` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `waiting_for_input` integer DEFAULT false NOT NULL;