ALTER TABLE `output_chunks` ADD `line_start` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `output_chunks` ADD `newlines` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `output_chunks` ADD `bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `output_chunks_session_line_idx` ON `output_chunks` (`session_id`,`line_start`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `line_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `dropped_bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `drop_marker_seq` integer;--> statement-breakpoint
UPDATE `output_chunks` SET `newlines` = length(`text`) - length(replace(`text`, char(10), '')), `bytes` = length(CAST(`text` AS BLOB));--> statement-breakpoint
UPDATE `output_chunks` SET `line_start` = w.`ls` FROM (SELECT `seq`, sum(`newlines`) OVER (PARTITION BY `session_id` ORDER BY `seq`) - `newlines` AS `ls` FROM `output_chunks`) AS w WHERE `output_chunks`.`seq` = w.`seq`;--> statement-breakpoint
UPDATE `sessions` SET `line_count` = (SELECT coalesce(sum(`newlines`), 0) FROM `output_chunks` WHERE `session_id` = `sessions`.`id`);
