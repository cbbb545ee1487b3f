-- +goose Up
-- Idempotency keys (issue 10): the answer to a POST sent with an Idempotency-Key header,
-- kept 24 hours per user, so that a client that retries after a timeout or an outage
-- gets the first answer again instead of a second case, job offer or PIP.
--
-- A key moves pending -> committed -> done. "committed" is set inside the transaction
-- of the write it guards (a commit hook), so a key is marked used exactly when the
-- write is saved: a crash between the write and storing the answer leaves it
-- "committed", and a retry is refused rather than run twice. A "pending" key whose
-- lease ran out belongs to a request that never committed and may be taken over.
CREATE TABLE idempotency_keys (
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    -- keyed hash (HMAC) of method, path, If-Match and body: the body may hold a BSN
    fingerprint  bytea NOT NULL,
    -- the claim of the request that runs under this key now
    token        uuid NOT NULL,
    state        text NOT NULL CHECK (state IN ('pending', 'committed', 'done')),
    lease_until  timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    status       integer CHECK (status BETWEEN 200 AND 299),
    content_type text,
    location     text,
    etag         text,
    body         bytea,
    PRIMARY KEY (user_id, key),
    CHECK ((state = 'done') = (status IS NOT NULL))
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
