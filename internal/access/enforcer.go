package access

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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
// enabled users from role_assignments. A reload builds a new snapshot — Casbin
// enforcer, grant index and municipality codes together — and swaps it in whole, so a
// check never sees half-loaded or mixed rules. Reloads run one at a time, so an older
// read of the rules can never replace a newer one.
type Enforcer struct {
	cur      atomic.Pointer[snapshot]
	db       *gorm.DB
	reload   sync.Mutex
	onChange []func()
}

// snapshot is one consistent load of the rules; never changed after it is stored.
type snapshot struct {
	casbin *casbin.SyncedEnforcer
	ids    map[string]int32 // CBS code → municipality id
	codes  map[int32]string
	grants map[uuid.UUID][]grant // a user's roles per domain, ordered by domain
}

// grant is one role of a user in a domain.
type grant struct{ role, domain string }

// NewEnforcer loads the model from the repository and the rules from db.
func NewEnforcer(ctx context.Context, db *gorm.DB) (*Enforcer, error) {
	f := &Enforcer{db: db}
	return f, f.Reload(ctx)
}

// Reload reads the rules and the municipality codes again (after a grant, a revoke,
// a disabled account or a new municipality).
func (f *Enforcer) Reload(ctx context.Context) error {
	f.reload.Lock()
	defer f.reload.Unlock()
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return fmt.Errorf("access model: %w", err)
	}
	ad := &adapter{db: f.db.WithContext(ctx)}
	e, err := casbin.NewSyncedEnforcer(m, ad)
	if err != nil {
		return fmt.Errorf("access enforcer: %w", err)
	}
	snap := &snapshot{casbin: e, grants: make(map[uuid.UUID][]grant)}
	if snap.ids, snap.codes, err = loadMunicipalities(ctx, f.db); err != nil {
		return err
	}
	// Kept beside Casbin: its GetDomainsForUser walks every domain of the country.
	for _, g := range ad.grants {
		snap.grants[g.UserID] = append(snap.grants[g.UserID], grant{role: g.Role, domain: g.Domain})
	}
	f.cur.Store(snap)
	return nil
}

func loadMunicipalities(ctx context.Context, db *gorm.DB) (
	map[string]int32,
	map[int32]string,
	error,
) {
	var rows []struct {
		ID   int32
		Code string
	}
	if err := db.WithContext(ctx).Raw(
		`SELECT id, code FROM municipalities`,
	).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("load municipalities: %w", err)
	}
	ids, codes := make(map[string]int32, len(rows)), make(map[int32]string, len(rows))
	for _, r := range rows {
		ids[r.Code], codes[r.ID] = r.ID, r.Code
	}
	return ids, codes, nil
}

// Allowed reports whether the user may act on the object in the domain. Errors deny.
func (f *Enforcer) Allowed(user uuid.UUID, domain, object, action string) bool {
	return f.cur.Load().allowed(user, domain, object, action)
}

func (s *snapshot) allowed(user uuid.UUID, domain, object, action string) bool {
	ok, err := s.casbin.Enforce(user.String(), domain, object, action)
	return err == nil && ok
}

// Domains lists the domains in which the user may act on the object, sorted: the
// basis of the municipality scope pushed into every query. Casbin decides each one.
func (f *Enforcer) Domains(user uuid.UUID, object, action string) []string {
	return f.cur.Load().domains(user, object, action)
}

func (s *snapshot) domains(user uuid.UUID, object, action string) []string {
	var out []string
	for _, d := range s.userDomains(user) {
		if s.allowed(user, d, object, action) {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out
}

// userDomains lists the domains in which the user holds any role.
func (s *snapshot) userDomains(user uuid.UUID) []string {
	var out []string
	for _, g := range s.grants[user] {
		if len(out) == 0 || out[len(out)-1] != g.domain { // grants are ordered by domain
			out = append(out, g.domain)
		}
	}
	return out
}

// rolesIn joins the user's roles in a domain, for the audit log.
func (s *snapshot) rolesIn(user uuid.UUID, domain string) string {
	var roles []string
	for _, g := range s.grants[user] {
		if g.domain == domain {
			roles = append(roles, g.role)
		}
	}
	return strings.Join(roles, ",")
}

// adapter loads rules from our own tables. Rules are changed there, in the same
// transaction as the business change, so every write method here refuses. It keeps
// the grants it loaded for the enforcer's own index.
type adapter struct {
	db     *gorm.DB
	grants []loadedGrant
}

type loadedGrant struct {
	UserID       uuid.UUID
	Role, Domain string
}

var errReadOnly = errors.New(
	"access: rules change in role_assignments and access_policies, not through Casbin",
)

func (a *adapter) LoadPolicy(m model.Model) error {
	var policies []struct{ Role, Domain, Object, Action string }
	if err := a.db.Raw(
		`SELECT role, domain, object, action FROM access_policies ORDER BY 1, 2, 3, 4`,
	).Scan(&policies).Error; err != nil {
		return fmt.Errorf("load access policies: %w", err)
	}
	for _, p := range policies {
		if err := persist.LoadPolicyArray(
			[]string{"p", p.Role, p.Domain, p.Object, p.Action},
			m,
		); err != nil {
			return err
		}
	}
	var grants []loadedGrant
	err := a.db.Raw(`SELECT r.user_id, r.role, r.domain FROM role_assignments r JOIN users u ON u.id = r.user_id
		WHERE u.disabled_at IS NULL ORDER BY r.user_id, r.domain, r.role`).Scan(&grants).Error
	if err != nil {
		return fmt.Errorf("load role assignments: %w", err)
	}
	for _, g := range grants {
		if err := persist.LoadPolicyArray(
			[]string{"g", g.UserID.String(), g.Role, g.Domain},
			m,
		); err != nil {
			return err
		}
	}
	a.grants = grants
	return nil
}

func (a *adapter) SavePolicy(model.Model) error                              { return errReadOnly }
func (a *adapter) AddPolicy(string, string, []string) error                  { return errReadOnly }
func (a *adapter) RemovePolicy(string, string, []string) error               { return errReadOnly }
func (a *adapter) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }
