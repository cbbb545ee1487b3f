package users

// The SQL of this package where SQL is the point: reads across tables (accounts
// with their grants, sessions and tokens with their user), aggregates (throttling,
// own roles), the window count of the account search, advisory locks and the token
// whose expiry the database computes. Everything else goes through the models in
// models.go.

// Accounts with their grants, one row per grant: accountsSelect, then a WHERE
// condition on u, then accountsOrder.
const (
	accountsSelect = `SELECT u.id, u.email, u.name, u.disabled_at IS NOT NULL AS disabled,
			u.password_hash IS NOT NULL AS has_login, u.created_at, r.role, r.domain
		FROM users u LEFT JOIN role_assignments r ON r.user_id = u.id
		WHERE `
	accountsOrder = ` ORDER BY u.name, u.id, r.domain, r.role`
)

// visibleAccountSQL holds the accounts with a role in one of the municipalities of
// the array parameter.
const visibleAccountSQL = `EXISTS (SELECT 1 FROM role_assignments v JOIN municipalities m ON m.code = v.domain
		WHERE v.user_id = u.id AND m.id = ANY(?::int[]))`

// The account search: one page of ids with the total, in order of name; the role
// filters are added to its WHERE condition.
const (
	searchSelect = `SELECT u.id, count(*) OVER () AS total FROM users u WHERE `
	searchOrder  = `
		ORDER BY u.name, u.id LIMIT ? OFFSET ?`
	searchTextSQL       = ` AND (u.name ILIKE ? OR u.email ILIKE ?)`
	searchRoleSQL       = ` AND EXISTS (SELECT 1 FROM role_assignments f WHERE f.user_id = u.id AND f.role = ?)`
	searchRoleScopedSQL = ` AND EXISTS (SELECT 1 FROM role_assignments f JOIN municipalities fm ON fm.code = f.domain
				WHERE f.user_id = u.id AND f.role = ? AND fm.id = ANY(?::int[]))`
)

// loginLockSQL serializes the attempts on one address and from one client address.
const loginLockSQL = `SELECT pg_advisory_xact_lock(hashtext('login:' || ?)), pg_advisory_xact_lock(hashtext('login-address:' || ?))`

// throttleSQL counts the recent failures beyond the free ones, per account and per
// client address, and the time of the last.
const throttleSQL = `SELECT greatest(
			count(*) FILTER (WHERE email = ?) - ?, count(*) FILTER (WHERE client_address = ?::inet) - ?) AS excess,
			max(failed_at) AS last
		FROM login_failures WHERE failed_at > ? AND (email = ? OR client_address = ?::inet)`

// sessionSQL reads a live session of an enabled account by its token's hash.
const sessionSQL = `SELECT s.user_id, u.name, s.last_seen_at AS last_seen, s.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND u.disabled_at IS NULL AND s.revoked_at IS NULL
		AND s.last_seen_at > ? AND s.created_at > ?`

// createTokenSQL stores a token that expires a number of seconds after the
// database's now.
const createTokenSQL = `INSERT INTO api_tokens (user_id, token_hash, name, expires_at)
		VALUES (?, ?, ?, now() + ?::interval) RETURNING id, name, created_at, expires_at`

// tokenSQL reads a live token of an enabled account by its hash.
const tokenSQL = `SELECT t.id, t.user_id, u.name, t.last_used_at AS last_used, t.expires_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND u.disabled_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > ?`

// ownRolesSQL gives an account's roles per municipality (NULL for NL), for the
// audit row of a change the account makes to itself.
const ownRolesSQL = `SELECT m.id AS municipality_id, string_agg(r.role, ',' ORDER BY r.role) AS roles
		FROM role_assignments r LEFT JOIN municipalities m ON m.code = r.domain
		WHERE r.user_id = ? GROUP BY m.id`
