-- Both columns, in the wrong order: the range column first, so the user cannot be used to seek.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX events_created_user ON events (created_at, user_id);
