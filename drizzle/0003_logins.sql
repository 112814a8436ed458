CREATE TABLE `logins` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL
);
