package web

import (
	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/pilots"
	"github.com/startbaan/startbaan/internal/users"
)

// Administration: accounts and roles (beheerder in their municipality, platformbeheer
// everywhere), the municipalities overview (platformbeheer) and the audit log
// (teamleider). Every change goes through the internal/users admin functions, which
// check the scope and refuse changes to one's own account; the pages only offer what
// those would allow, and show their refusal.

// roleChoices are the roles the actor may hand out: national roles only by a
// national actor (the platform administrator).
func roleChoices(actor access.Actor) []option {
	roles := []string{
		users.RoleKlantmanager,
		users.RoleTeamleider,
		users.RoleAnalist,
		users.RoleBeheerder,
	}
	if actor.National {
		roles = append(roles, users.RoleMinisterie, users.RolePlatformbeheer)
	}
	out := make([]option, len(roles))
	for i, r := range roles {
		out[i] = option{r, roleLabel(r)}
	}
	return out
}

// domainChoices are the places the actor may grant roles in; the national domain is
// offered to a national actor only.
func domainChoices(list []pilots.Municipality, actor access.Actor) []option {
	out := municipalityChoices(list, actor)
	if actor.National {
		out = append(
			out,
			option{access.NationalDomain, "Landelijk (NL) — alleen voor ministerie en platformbeheer"},
		)
	}
	return out
}
