package access

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"sort"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
	"github.com/google/uuid"
	"gorm.io/gorm"
)

//go:embed model.conf
var modelText string

// Enforcer answers "may this user do this to that object in this domain?". Its rules
// come from the database: role permissions from access_policies, role assignments of
// enabled users from role_assignments. Reload after a change of either.
type Enforcer struct {
	e *casbin.SyncedEnforcer
}

// NewEnforcer loads the model from the repository and the rules from db.
func NewEnforcer(ctx context.Context, db *gorm.DB) (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("access model: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m, &adapter{db: db.WithContext(ctx)})
	if err != nil {
		return nil, fmt.Errorf("access enforcer: %w", err)
	}
	return &Enforcer{e: e}, nil
}

// Reload reads the rules again (after a grant, a revoke or a disabled account).
func (f *Enforcer) Reload() error { return f.e.LoadPolicy() }

// Allowed reports whether the user may act on the object in the domain. Errors deny.
func (f *Enforcer) Allowed(user uuid.UUID, domain, object, action string) bool {
	ok, err := f.e.Enforce(user.String(), domain, object, action)
	return err == nil && ok
}

// Domains lists the domains in which the user may act on the object, sorted: the
// basis of the municipality scope pushed into every query.
func (f *Enforcer) Domains(user uuid.UUID, object, action string) []string {
	domains, err := f.e.GetDomainsForUser(user.String())
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range domains {
		if f.Allowed(user, d, object, action) {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out
}

// adapter loads rules from our own tables. Rules are changed there, in the same
// transaction as the business change, so every write method here refuses.
type adapter struct{ db *gorm.DB }

var errReadOnly = errors.New("access: rules change in role_assignments and access_policies, not through Casbin")

func (a *adapter) LoadPolicy(m model.Model) error {
	var policies []struct{ Role, Domain, Object, Action string }
	if err := a.db.Raw(`SELECT role, domain, object, action FROM access_policies ORDER BY 1, 2, 3, 4`).Scan(&policies).Error; err != nil {
		return fmt.Errorf("load access policies: %w", err)
	}
	for _, p := range policies {
		if err := persist.LoadPolicyArray([]string{"p", p.Role, p.Domain, p.Object, p.Action}, m); err != nil {
			return err
		}
	}
	var grants []struct {
		UserID       uuid.UUID
		Role, Domain string
	}
	err := a.db.Raw(`SELECT r.user_id, r.role, r.domain FROM role_assignments r JOIN users u ON u.id = r.user_id
		WHERE u.disabled_at IS NULL ORDER BY 1, 2, 3`).Scan(&grants).Error
	if err != nil {
		return fmt.Errorf("load role assignments: %w", err)
	}
	for _, g := range grants {
		if err := persist.LoadPolicyArray([]string{"g", g.UserID.String(), g.Role, g.Domain}, m); err != nil {
			return err
		}
	}
	return nil
}

func (a *adapter) SavePolicy(model.Model) error                              { return errReadOnly }
func (a *adapter) AddPolicy(string, string, []string) error                  { return errReadOnly }
func (a *adapter) RemovePolicy(string, string, []string) error               { return errReadOnly }
func (a *adapter) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }
