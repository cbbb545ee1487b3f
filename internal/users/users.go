package users

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
)

// Roles of docs/domain.md, "Users and roles".
const (
	RoleKlantmanager   = "klantmanager"
	RoleTeamleider     = "teamleider"
	RoleAnalist        = "analist"
	RoleBeheerder      = "beheerder"
	RoleMinisterie     = "ministerie"
	RolePlatformbeheer = "platformbeheer"
)

// NationalDomain is the domain of the ministry and platform roles.
const NationalDomain = access.NationalDomain

var (
	municipalRoles = []string{RoleKlantmanager, RoleTeamleider, RoleAnalist, RoleBeheerder}
	nationalRoles  = []string{RoleMinisterie, RolePlatformbeheer}
)

// Grant is one role in one domain.
type Grant struct {
	Role   string
	Domain string // a municipality's CBS code, or NL
}

func (g Grant) String() string { return g.Role + "@" + g.Domain }

// check reports what is wrong with a grant: national roles only in NL, municipal
// roles only in a municipality.
func (g Grant) check() string {
	switch {
	case contains(nationalRoles, g.Role):
		if g.Domain != NationalDomain {
			return fmt.Sprintf("De rol %s geldt alleen landelijk (NL).", g.Role)
		}
	case contains(municipalRoles, g.Role):
		if len(g.Domain) != 6 || !strings.HasPrefix(g.Domain, "GM") {
			return fmt.Sprintf("De rol %s hoort bij een gemeente (een CBS-code zoals GM0363).", g.Role)
		}
	default:
		return fmt.Sprintf("Onbekende rol %q.", g.Role)
	}
	return ""
}

// User is an account with its grants.
type User struct {
	ID        uuid.UUID
	Email     string
	Name      string
	Disabled  bool
	HasLogin  bool
	Grants    []Grant
	CreatedAt time.Time
}

// NewUser is the input for creating an account.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Grants   []Grant
}

// Service manages accounts.
type Service struct{ db *gorm.DB }

// NewService wires the service.
func NewService(db *gorm.DB) *Service { return &Service{db: db} }

func normalizeEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	return s, err == nil && a.Address == s
}

// Add creates an account with its grants in one transaction.
func (s *Service) Add(ctx context.Context, in NewUser) (User, error) {
	return s.add(ctx, in, func(tx *gorm.DB, id uuid.UUID) error {
		return audit.Account(ctx, tx, commandLine, audit.ActionCreate, id, nil)
	})
}

// commandLine is the actor of account changes made with `startbaan users`.
var commandLine = access.System("startbaan users")

// add creates an account; also, when set, runs within the same transaction.
func (s *Service) add(
	ctx context.Context,
	in NewUser,
	also func(tx *gorm.DB, id uuid.UUID) error,
) (User, error) {
	if err := in.Check(); err != nil {
		return User{}, err
	}
	email, _ := normalizeEmail(in.Email)
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, err
	}
	id := uuid.New()
	var out User
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Create(
			&userRow{ID: id, Email: email, Name: strings.TrimSpace(in.Name), PasswordHash: &hash},
		).Error
		if errs.IsUniqueViolation(err) {
			return errs.Conflict("Er bestaat al een account met dit e-mailadres.")
		}
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		for _, g := range in.Grants {
			if err := grant(tx, id, g, nil); err != nil {
				return err
			}
		}
		if also != nil {
			if err := also(tx, id); err != nil {
				return err
			}
		}
		return s.changed(tx, id, &out)
	})
	if err != nil {
		return User{}, err
	}
	return out, nil
}

// Check names every problem of the input at once: address, name, password length
// and each grant's role and place (not yet whether the municipality exists, nor the
// actor's scope). Nil when there is none.
func (in NewUser) Check() error {
	var p errs.Problems
	if _, ok := normalizeEmail(in.Email); !ok {
		p.Add("email", "Geen geldig e-mailadres.")
	}
	if name := strings.TrimSpace(in.Name); name == "" || utf8.RuneCountInString(name) > 200 {
		p.Add("name", "Vul een naam in van hoogstens 200 tekens.")
	}
	if msg := passwordProblem(in.Password); msg != "" {
		p.Add("password", msg)
	}
	for _, g := range in.Grants {
		if msg := g.check(); msg != "" {
			p.Add("roles", msg)
		}
	}
	return p.Err()
}

// grant adds one role assignment; the municipality must exist.
func grant(tx *gorm.DB, userID uuid.UUID, g Grant, by *uuid.UUID) error {
	if msg := g.check(); msg != "" {
		return errs.Invalid(errs.Field("roles", msg))
	}
	if g.Domain != NationalDomain {
		var n int64
		if err := tx.Table("municipalities").Where("code = ?", g.Domain).Count(&n).Error; err != nil {
			return fmt.Errorf("municipality: %w", err)
		}
		if n == 0 {
			return errs.Invalid(errs.Field("municipality", "Onbekende gemeente "+g.Domain+"."))
		}
	}
	err := tx.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&roleAssignment{UserID: userID, Domain: g.Domain, Role: g.Role, GrantedBy: by}).Error
	if err != nil {
		return fmt.Errorf("grant: %w", err)
	}
	return nil
}

// Grant gives an existing account a role in a domain.
func (s *Service) Grant(ctx context.Context, email string, g Grant, by *uuid.UUID) (User, error) {
	var out User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		id, err := idByEmail(tx, email)
		if err != nil {
			return err
		}
		if err := grant(tx, id, g, by); err != nil {
			return err
		}
		if err := audit.Account(ctx, tx, commandLine, audit.ActionChange, id, nil); err != nil {
			return err
		}
		return s.changed(tx, id, &out)
	})
	if err != nil {
		return User{}, err
	}
	return out, nil
}

// Revoke takes a role in a domain away.
func (s *Service) Revoke(ctx context.Context, email string, g Grant) (User, error) {
	var out User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		id, err := idByEmail(tx, email)
		if err != nil {
			return err
		}
		if err := revoke(tx, id, g).Error; err != nil {
			return fmt.Errorf("revoke: %w", err)
		}
		if err := audit.Account(ctx, tx, commandLine, audit.ActionChange, id, nil); err != nil {
			return err
		}
		return s.changed(tx, id, &out)
	})
	if err != nil {
		return User{}, err
	}
	return out, nil
}

// Disable stops an account from acting and ends its sessions and tokens; its grants
// stay on record.
func (s *Service) Disable(ctx context.Context, email string) (User, error) {
	var out User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		id, err := idByEmail(tx, email)
		if err != nil {
			return err
		}
		if err := disable(tx, id); err != nil {
			return err
		}
		if err := audit.Account(ctx, tx, commandLine, audit.ActionChange, id, nil); err != nil {
			return err
		}
		return s.changed(tx, id, &out)
	})
	if err != nil {
		return User{}, err
	}
	return out, nil
}

func idByEmail(tx *gorm.DB, email string) (uuid.UUID, error) {
	email, _ = normalizeEmail(email)
	var ids []uuid.UUID
	err := tx.Model(&userRow{}).Where("email = ?", email).Clauses(
		clause.Locking{Strength: "UPDATE"},
	).Pluck("id", &ids).Error
	if err != nil {
		return uuid.Nil, fmt.Errorf("find user: %w", err)
	}
	if len(ids) == 0 {
		return uuid.Nil, errs.NotFound("Account")
	}
	return ids[0], nil
}

// ByEmail reads an account with its grants.
func (s *Service) ByEmail(ctx context.Context, email string) (User, error) {
	email, _ = normalizeEmail(email)
	return s.read(ctx, "u.email = ?", email)
}

// ByID reads an account with its grants.
func (s *Service) ByID(ctx context.Context, id uuid.UUID) (User, error) {
	return s.read(ctx, "u.id = ?", id)
}

func (s *Service) read(ctx context.Context, where string, arg any) (User, error) {
	list, err := s.query(s.db.WithContext(ctx), where, arg)
	if err != nil {
		return User{}, err
	}
	if len(list) == 0 {
		return User{}, errs.NotFound("Account")
	}
	return list[0], nil
}

// query reads accounts with their grants, ordered by name.
func (s *Service) query(db *gorm.DB, where string, args ...any) ([]User, error) {
	var rows []struct {
		ID        uuid.UUID
		Email     string
		Name      string
		Disabled  bool
		HasLogin  bool
		CreatedAt time.Time
		Role      *string
		Domain    *string
	}
	err := db.Raw(accountsSelect+where+accountsOrder, args...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	var out []User
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].ID != r.ID {
			out = append(out, User{ID: r.ID, Email: r.Email, Name: r.Name, Disabled: r.Disabled,
				HasLogin:  r.HasLogin,
				CreatedAt: r.CreatedAt})
		}
		if r.Role != nil {
			u := &out[len(out)-1]
			u.Grants = append(u.Grants, Grant{Role: *r.Role, Domain: *r.Domain})
		}
	}
	return out, nil
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// changed ends a change of an account within tx: it tells every instance that access
// changed and reads the account as it now is into out. In the transaction: nothing
// may fail after the commit, or a stored change would be answered with an error.
func (s *Service) changed(tx *gorm.DB, id uuid.UUID, out *User) error {
	if err := access.NotifyChanged(tx); err != nil {
		return err
	}
	list, err := s.query(tx, "u.id = ?", id)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return errs.NotFound("Account")
	}
	*out = list[0]
	return nil
}

// revoke deletes one role assignment; RowsAffected tells whether there was one.
func revoke(tx *gorm.DB, id uuid.UUID, g Grant) *gorm.DB {
	return tx.Where(
		"user_id = ? AND domain = ? AND role = ?",
		id,
		g.Domain,
		g.Role,
	).Delete(&roleAssignment{})
}

// disable stops an account from acting (keeping the first time it was disabled)
// and ends its sessions and tokens at once.
func disable(tx *gorm.DB, id uuid.UUID) error {
	err := tx.Model(&userRow{}).Where("id = ?", id).
		Updates(
			map[string]any{
				"disabled_at": gorm.Expr("COALESCE(disabled_at, now())"),
				"updated_at":  gorm.Expr("now()"),
			},
		).Error
	if err != nil {
		return fmt.Errorf("disable: %w", err)
	}
	return endAll(tx, id)
}
