-- Solved another way: a covering index (it holds every column the query reads, so the table itself is never
-- visited), stored newest first to match ORDER BY created_at DESC.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX events_user_created_kind ON events (user_id, created_at DESC, kind);
