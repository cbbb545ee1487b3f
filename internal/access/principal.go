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
// Everything the actor will ask later comes from the same snapshot of the rules.
func (f *Enforcer) Actor(p Principal, object, action string) (a Actor, ok bool) {
	snap := f.cur.Load()
	domains := snap.domains(p.UserID, object, action)
	if len(domains) == 0 {
		return Actor{}, false
	}
	id := p.UserID
	a = Actor{
		UserID:    &id,
		Name:      p.Name,
		Roles:     make(map[int32]string, len(domains)),
		scopedFor: object + "/" + action,
	}
	for _, d := range domains {
		roles := snap.rolesIn(id, d)
		if d == NationalDomain {
			a.National, a.NationalRoles = true, roles
			continue
		}
		if m, known := snap.ids[d]; known {
			a.Municipalities = append(a.Municipalities, m)
			a.Roles[m] = roles
		}
	}
	national := a.National || snap.holdsNational(id)
	a.Permits = func(municipalityID int32, object, action string) bool {
		if national && snap.allowed(id, NationalDomain, object, action) {
			return true
		}
		code, known := snap.codes[municipalityID]
		return known && snap.allowed(id, code, object, action)
	}
	return a, len(a.Municipalities) > 0 || a.National
}

func (s *snapshot) holdsNational(user uuid.UUID) bool {
	for _, d := range s.userDomains(user) {
		if d == NationalDomain {
			return true
		}
	}
	return false
}

// MunicipalityID returns the id of a CBS code.
func (f *Enforcer) MunicipalityID(code string) (int32, bool) {
	id, ok := f.cur.Load().ids[code]
	return id, ok
}
