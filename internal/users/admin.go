package users

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
)

// Administration through the API. The actor comes from the users/manage permission:
// a beheerder's scope is their municipality, a platformbeheer's the whole country. An
// account is visible when it holds a role in the actor's scope; anything else is not
// found. Nobody changes their own roles or account: that takes a second person.

// visible is the WHERE fragment that limits accounts to the actor's scope.
func visible(actor access.Actor) (string, []any) {
	if actor.National {
		return "TRUE", nil
	}
	return visibleAccountSQL, []any{access.IDList(actor.Municipalities)}
}

// List returns the accounts visible to the actor, by name.
func (s *Service) List(ctx context.Context, actor access.Actor) ([]User, error) {
	actor = actor.For("users", "manage")
	where, args := visible(actor)
	return s.query(s.db.WithContext(ctx), where, args...)
}

// Get returns one account visible to the actor.
func (s *Service) Get(ctx context.Context, actor access.Actor, id uuid.UUID) (User, error) {
	actor = actor.For("users", "manage")
	return s.getIn(ctx, s.db.WithContext(ctx), actor, id)
}

func (s *Service) getIn(
	ctx context.Context,
	db *gorm.DB,
	actor access.Actor,
	id uuid.UUID,
) (User, error) {
	where, args := visible(actor)
	list, err := s.query(db, "u.id = ? AND "+where, append([]any{id}, args...)...)
	if err != nil {
		return User{}, err
	}
	if len(list) == 0 {
		return User{}, errs.NotFound("Account")
	}
	return list[0], nil
}

// Create adds an account whose every role lies in the actor's scope.
func (s *Service) Create(ctx context.Context, actor access.Actor, in NewUser) (User, error) {
	actor = actor.For("users", "manage")
	if err := in.Check(); err != nil { // every field problem first, before any refusal
		return User{}, err
	}
	if len(in.Grants) == 0 {
		return User{}, errs.Invalid(errs.Field("roles", "Geef het account minstens één rol."))
	}
	for _, g := range in.Grants {
		if _, err := s.inScope(ctx, s.db.WithContext(ctx), actor, g); err != nil {
			return User{}, err
		}
	}
	return s.add(ctx, in, func(tx *gorm.DB, id uuid.UUID) error {
		return auditAccount(ctx, tx, actor, audit.ActionCreate, id, in.Grants)
	})
}

// GrantRole gives an account a role in the actor's scope.
func (s *Service) GrantRole(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	g Grant,
) (User, error) {
	actor = actor.For("users", "manage")
	return s.changeRole(
		ctx,
		actor,
		id,
		g,
		func(tx *gorm.DB) error { return grant(tx, id, g, actor.UserID) },
	)
}

// RevokeRole takes a role in the actor's scope away.
func (s *Service) RevokeRole(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	g Grant,
) (User, error) {
	actor = actor.For("users", "manage")
	return s.changeRole(ctx, actor, id, g, func(tx *gorm.DB) error {
		res := revoke(tx, id, g)
		if res.Error != nil {
			return fmt.Errorf("revoke: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.NotFound("Rol")
		}
		return nil
	})
}

func (s *Service) changeRole(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	g Grant,
	change func(*gorm.DB) error,
) (User, error) {
	if msg := g.check(); msg != "" {
		return User{}, errs.Invalid(errs.Field("role", msg))
	}
	var out User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := lockAccount(tx, id); err != nil {
			return err
		}
		if _, err := s.getIn(ctx, tx, actor, id); err != nil {
			return err
		}
		if err := notSelf(actor, id); err != nil {
			return err
		}
		municipality, err := s.inScope(ctx, tx, actor, g)
		if err != nil {
			return err
		}
		if err := change(tx); err != nil {
			return err
		}
		if err := audit.Account(ctx, tx, actor, audit.ActionChange, id, municipality); err != nil {
			return err
		}
		// Read unscoped: revoking the last role in the actor's municipality takes the
		// account out of their view, but the actor may still see what they did.
		return s.changed(tx, id, &out)
	})
	if err != nil {
		return User{}, err
	}
	return out, nil
}

// wholeAccountInScope locks another person's account and returns it when every one of
// its roles lies in the actor's scope: only then may the actor act on the account as a
// whole (disable it, set its password).
func (s *Service) wholeAccountInScope(
	ctx context.Context,
	tx *gorm.DB,
	actor access.Actor,
	id uuid.UUID,
) (User, error) {
	if err := lockAccount(tx, id); err != nil {
		return User{}, err
	}
	u, err := s.getIn(ctx, tx, actor, id)
	if err != nil {
		return User{}, err
	}
	if err := notSelf(actor, id); err != nil {
		return User{}, err
	}
	for _, g := range u.Grants {
		if _, err := s.inScope(ctx, tx, actor, g); err != nil {
			return User{}, errs.Forbidden(
				"Dit account heeft ook rollen buiten uw beheer; vraag het platformbeheer.",
			)
		}
	}
	return u, nil
}

// SetDisabled disables or enables an account. Disabling ends its sessions and tokens.
// A beheerder may only do so for accounts whose every role lies in their scope. The
// account returned is read within the transaction: nothing may fail after the commit.
func (s *Service) SetDisabled(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	disabled bool,
) (User, error) {
	actor = actor.For("users", "manage")
	var out User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := s.wholeAccountInScope(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if disabled {
			err = disable(tx, id)
		} else {
			err = enable(tx, id)
		}
		if err != nil {
			return err
		}
		if err := auditAccount(ctx, tx, actor, audit.ActionChange, id, u.Grants); err != nil {
			return err
		}
		if err := access.NotifyChanged(tx); err != nil {
			return err
		}
		out, err = s.getIn(ctx, tx, actor, id)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return out, nil
}

func notSelf(actor access.Actor, id uuid.UUID) error {
	if actor.UserID != nil && *actor.UserID == id {
		return errs.Forbidden(
			"U kunt uw eigen account en rollen niet wijzigen; vraag een andere beheerder.",
		)
	}
	return nil
}

// inScope checks that the actor may hand out the grant, and returns its municipality
// id (nil for NL). Only a national actor hands out national roles.
func (s *Service) inScope(
	ctx context.Context,
	db *gorm.DB,
	actor access.Actor,
	g Grant,
) (*int32, error) {
	if msg := g.check(); msg != "" {
		return nil, errs.Invalid(errs.Field("role", msg))
	}
	if g.Domain == NationalDomain {
		if !actor.National {
			return nil, errs.Forbidden("Landelijke rollen kent alleen het platformbeheer toe.")
		}
		return nil, nil
	}
	var ids []int32
	if err := db.Table("municipalities").Where(
		"code = ?",
		g.Domain,
	).Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("municipality: %w", err)
	}
	if len(ids) == 0 {
		return nil, errs.Invalid(errs.Field("municipality", "Onbekende gemeente "+g.Domain+"."))
	}
	if !actor.Allows(ids[0]) {
		return nil, errs.Forbidden("U beheert alleen rollen in uw eigen gemeente.")
	}
	return &ids[0], nil
}

// lockAccount takes the account's row lock, so that checks of its roles and the change
// they allow see the same roles (a grant elsewhere cannot slip in between).
func lockAccount(tx *gorm.DB, id uuid.UUID) error {
	var ids []uuid.UUID
	if err := tx.Model(&userRow{}).Where("id = ?", id).Clauses(
		clause.Locking{Strength: "UPDATE"},
	).Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("lock account: %w", err)
	}
	return nil
}

// auditAccount records an act on an account once for every municipality its roles lie
// in, so that each municipality's log shows it with the actor's role there.
func auditAccount(
	ctx context.Context,
	tx *gorm.DB,
	actor access.Actor,
	action string,
	id uuid.UUID,
	grants []Grant,
) error {
	var codes []string
	for _, g := range grants {
		if g.Domain != NationalDomain {
			codes = append(codes, g.Domain)
		}
	}
	var ids []int32
	if len(codes) > 0 {
		if err := tx.Table("municipalities").Where("code IN ?", codes).Order("id").Pluck("id", &ids).Error; err != nil {
			return fmt.Errorf("audit account: %w", err)
		}
	}
	if len(ids) == 0 {
		return audit.Account(ctx, tx, actor, action, id, nil)
	}
	for i := range ids {
		if err := audit.Account(ctx, tx, actor, action, id, &ids[i]); err != nil {
			return err
		}
	}
	return nil
}

// enable lets a disabled account act again.
func enable(tx *gorm.DB, id uuid.UUID) error {
	err := tx.Model(&userRow{}).Where("id = ?", id).
		Updates(map[string]any{"disabled_at": nil, "updated_at": gorm.Expr("now()")}).Error
	if err != nil {
		return fmt.Errorf("enable: %w", err)
	}
	return nil
}
