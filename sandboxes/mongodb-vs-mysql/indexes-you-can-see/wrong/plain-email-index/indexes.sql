-- A fast lookup, but not UNIQUE: two accounts may share an address.
CREATE INDEX users_email ON users (email);
CREATE INDEX events_user_created ON events (user_id, created_at);
