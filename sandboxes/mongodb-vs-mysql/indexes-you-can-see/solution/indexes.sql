-- Indexes for the app's two queries (app.js). This file runs after the tables are created and filled.

-- Sign-in looks users up by e-mail; UNIQUE also makes a second account with the same address impossible.
CREATE UNIQUE INDEX users_email ON users (email);

-- The activity page filters on user_id (equality) and created_at (range), then sorts by created_at:
-- equality column first, range/sort column second, so one index walk finds and orders the rows.
CREATE INDEX events_user_created ON events (user_id, created_at);
