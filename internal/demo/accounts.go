package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/users"
)

// Demo accounts: published logins for trying Startbaan. They exist only in a demo
// database, and the server refuses to start with them unless it runs in demo mode.
const (
	AccountDomain   = "demo.startbaan.nl"
	AccountPassword = "startbaan-demo"
)

// Account is one demo login.
type Account struct {
	Email, Role, Domain string
}

// municipalRoles get an account per demo municipality, in this order.
var municipalRoles = []string{
	users.RoleKlantmanager,
	users.RoleTeamleider,
	users.RoleAnalist,
	users.RoleBeheerder,
}

// Accounts lists the demo logins for the given municipality codes.
func Accounts(codes []string) []Account {
	var out []Account
	for _, code := range codes {
		for _, role := range municipalRoles {
			out = append(
				out,
				Account{
					Email:  role + "." + strings.ToLower(code) + "@" + AccountDomain,
					Role:   role,
					Domain: code,
				},
			)
		}
	}
	return append(out,
		Account{
			Email:  "ministerie@" + AccountDomain,
			Role:   users.RoleMinisterie,
			Domain: access.NationalDomain,
		},
		Account{
			Email:  "platformbeheer@" + AccountDomain,
			Role:   users.RolePlatformbeheer,
			Domain: access.NationalDomain,
		})
}

// SeedAccounts creates the demo logins of every pilot municipality that are still
// missing, all with AccountPassword, and gives each demo client manager account the
// caseload of the municipality's first demo client manager. It returns every demo
// login.
func SeedAccounts(ctx context.Context, pool *pgxpool.Pool) ([]Account, error) {
	munis, err := pilotMunicipalities(ctx, pool)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(munis))
	for i, m := range munis {
		codes[i] = m.code
	}
	accounts := Accounts(codes)
	// one hash for all: they share the published password
	hash, err := users.HashPassword(AccountPassword)
	if err != nil {
		return nil, err
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, a := range accounts {
			if err := seedAccount(ctx, tx, a, hash); err != nil {
				return fmt.Errorf("demo account %s: %w", a.Email, err)
			}
		}
		// The demo client managers (without a login) hold their role too, so cases can
		// be assigned to them.
		_, err := tx.Exec(ctx, `INSERT INTO role_assignments (user_id, domain, role)
			SELECT u.id, m.code, 'klantmanager' FROM users u JOIN municipalities m
				ON u.email LIKE 'km%.' || lower(m.code) || '@' || $1
			ON CONFLICT DO NOTHING`, AccountDomain)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, '')`, access.Channel)
		return err
	})
	return accounts, err
}

func seedAccount(ctx context.Context, tx pgx.Tx, a Account, hash string) error {
	name := "Demo " + a.Role
	if a.Domain != access.NationalDomain {
		name += " " + a.Domain
	}
	var id string
	err := tx.QueryRow(ctx, `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
		ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`, a.Email, name, hash).Scan(&id)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx,
		`INSERT INTO role_assignments (user_id, domain, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		id, a.Domain, a.Role)
	if err != nil || a.Role != users.RoleKlantmanager {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE cases SET client_manager_id = $1 WHERE client_manager_id =
		(SELECT id FROM users WHERE email = $2)`, id, "km1."+strings.ToLower(a.Domain)+"@"+AccountDomain)
	return err
}

// HasAccounts reports whether demo logins exist in the database: outside demo mode
// the server must not start with them, as their password is published.
func HasAccounts(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	var found bool
	err := pool.QueryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM users WHERE email LIKE $1 AND password_hash IS NOT NULL)`,
		"%@"+AccountDomain).Scan(&found)
	return found, err
}

// ListAccounts returns the demo logins in the database (accounts with the published
// password; the demo data's other client managers cannot log in) with the name of their
// municipality ("Nederland" for the national roles), for the login page in demo mode.
func ListAccounts(ctx context.Context, pool *pgxpool.Pool) ([]ListedAccount, error) {
	rows, err := pool.Query(ctx, `SELECT u.email, r.role, COALESCE(m.name, 'Nederland')
		FROM users u JOIN role_assignments r ON r.user_id = u.id LEFT JOIN municipalities m ON m.code = r.domain
		WHERE u.email LIKE $1 AND u.disabled_at IS NULL AND u.password_hash IS NOT NULL
		ORDER BY r.domain = 'NL', m.name, array_position(ARRAY['klantmanager','teamleider','analist','beheerder','ministerie','platformbeheer'], r.role)`,
		"%@"+AccountDomain)
	if err != nil {
		return nil, fmt.Errorf("list demo accounts: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[ListedAccount])
}

// ListedAccount is a demo login as the login page lists it.
type ListedAccount struct{ Email, Role, Municipality string }
