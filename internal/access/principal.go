package access

import (
	"github.com/google/uuid"
)

// NationalDomain is the domain of the ministry and platform roles.
const NationalDomain = "NL"

// Principal is an authenticated user, before any question of what they may do.
type Principal struct {
	UserID uuid.UUID
	Name   string
}

// Actor turns a principal into the actor of one request that needs (object, action):
// its scope is every municipality in which one of the principal's roles grants that
// permission. ok is false when no role grants it anywhere: the request is refused.
func (f *Enforcer) Actor(p Principal, object, action string) (a Actor, ok bool) {
	domains := f.Domains(p.UserID, object, action)
	if len(domains) == 0 {
		return Actor{}, false
	}
	id := p.UserID
	a = Actor{UserID: &id, Name: p.Name, Roles: make(map[int32]string, len(domains)), scopedFor: object + "/" + action}
	f.mu.RLock()
	for _, d := range domains {
		roles := f.rolesIn(id, d)
		if d == NationalDomain {
			a.National, a.NationalRoles = true, roles
			continue
		}
		if m, known := f.ids[d]; known {
			a.Municipalities = append(a.Municipalities, m)
			a.Roles[m] = roles
		}
	}
	f.mu.RUnlock()
	national := a.National || f.holdsNational(id)
	a.Permits = func(municipalityID int32, object, action string) bool {
		if national && f.Allowed(id, NationalDomain, object, action) {
			return true
		}
		code, known := f.Code(municipalityID)
		return known && f.Allowed(id, code, object, action)
	}
	return a, len(a.Municipalities) > 0 || a.National
}

func (f *Enforcer) holdsNational(user uuid.UUID) bool {
	for _, d := range f.userDomains(user) {
		if d == NationalDomain {
			return true
		}
	}
	return false
}

// Code returns a municipality's CBS code.
func (f *Enforcer) Code(municipalityID int32) (string, bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	c, ok := f.codes[municipalityID]
	return c, ok
}

// MunicipalityID returns the id of a CBS code.
func (f *Enforcer) MunicipalityID(code string) (int32, bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	id, ok := f.ids[code]
	return id, ok
}
