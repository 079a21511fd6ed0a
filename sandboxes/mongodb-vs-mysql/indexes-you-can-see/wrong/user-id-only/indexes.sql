-- One column each: the events index finds the user, then every event of that user is sorted.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX events_user ON events (user_id);
