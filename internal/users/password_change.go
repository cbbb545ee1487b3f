package users

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
)

// Passwords change in two ways: the user changes their own, proving the current one
// (which counts as a login attempt for the throttle), or an administrator sets one for
// an account in their scope, not their own. Either way the account's other sessions
// end and the change is in the audit log of every municipality the account has a role
// in. API tokens stay: they are separate credentials, listed and revoked on the
// account page (disabling the account ends them).

// passwordProblem is the reason a new password is refused, or "".
func passwordProblem(password string) string {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return fmt.Sprintf("Een wachtwoord heeft minstens %d tekens.", MinPasswordLength)
	}
	return ""
}

// SetPassword gives an account in the actor's scope a new password and ends its
// sessions. Like disabling, it needs every role of the account to lie in the actor's
// scope (else a beheerder could log in as somebody of another municipality), and
// nobody sets their own this way.
func (s *Service) SetPassword(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	password string,
) error {
	actor = actor.For("users", "manage")
	if msg := passwordProblem(password); msg != "" {
		return errs.Invalid(errs.Field("password", msg))
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := s.wholeAccountInScope(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		return replacePassword(ctx, tx, actor, u, hash, "")
	})
}

// PasswordChange is a user's change of their own password.
type PasswordChange struct {
	Current, New string
	// KeepSession is the session the change is made in: it stays, all others end.
	KeepSession string
	Now         time.Time
}

// ChangeOwnPassword changes the actor's own password after checking the current one
// exactly as a login does: the attempt is counted for the throttle first (a
// *TooManyAttempts while it must wait), and a success clears the count. A wrong
// current password is a problem of the field "currentPassword".
func (s *Service) ChangeOwnPassword(
	ctx context.Context,
	actor access.Actor,
	in PasswordChange,
) error {
	if actor.UserID == nil {
		return errs.Forbidden("Niet ingelogd.")
	}
	id := *actor.UserID
	var p errs.Problems
	if msg := passwordProblem(in.New); msg != "" {
		p.Add("newPassword", msg)
	} else if in.New == in.Current {
		p.Add("newPassword", "Kies een ander wachtwoord dan het huidige.")
	}
	if err := p.Err(); err != nil {
		return err // no attempt is counted for a form that could not succeed
	}
	u, err := s.ByID(ctx, id)
	if err != nil {
		return err
	}
	if err := s.countAttempt(ctx, u.Email, actor.ClientAddress, in.Now); err != nil {
		return err
	}
	var stored []*string
	if err := s.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", id).Pluck(
		"password_hash",
		&stored,
	).Error; err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if len(stored) != 1 || stored[0] == nil {
		return errs.Invalid(errs.Field("currentPassword", "Het huidige wachtwoord klopt niet."))
	}
	ok, err := verifyLimited(ctx, in.Current, *stored[0])
	if err != nil {
		return err
	}
	if !ok { // the attempt stays counted, and is in the audit log like a failed login
		if err := audit.Record(ctx, s.db, audit.Event{TraceID: actor.TraceID,
			ClientRequestID: actor.ClientRequestID, UserID: &id, Action: audit.ActionFailed,
			ObjectType: audit.ObjectAccount, ObjectID: id.String(), ProcessingActivity: audit.ActivityAccess,
			Outcome: audit.OutcomeFailed, ClientAddress: actor.ClientAddress}); err != nil {
			return err
		}
		return errs.Invalid(errs.Field("currentPassword", "Het huidige wachtwoord klopt niet."))
	}
	hash, err := HashPassword(in.New)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("email = ?", u.Email).Delete(&loginFailure{}).Error; err != nil {
			return fmt.Errorf("change password: %w", err)
		}
		// Only if nobody changed it meanwhile: the check above was against this hash.
		var same []uuid.UUID
		err := tx.Model(&userRow{}).Where("id = ? AND password_hash = ?", id, *stored[0]).
			Clauses(clause.Locking{Strength: "UPDATE"}).Pluck("id", &same).Error
		if err != nil {
			return fmt.Errorf("change password: %w", err)
		}
		if len(same) == 0 {
			return errs.Conflict("Het wachtwoord is intussen al gewijzigd; probeer het opnieuw.")
		}
		self, err := ownRoles(tx, actor, id)
		if err != nil {
			return err
		}
		return replacePassword(ctx, tx, self, u, hash, in.KeepSession)
	})
}

// verifyLimited checks a password within the bound on parallel checks. A stored
// hash that is not one of ours is an error, not a wrong password: read as a failed
// login, it locked the account out for good without anyone learning why.
func verifyLimited(ctx context.Context, password, hash string) (bool, error) {
	select {
	case verifySlots <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-verifySlots }()
	ok, err := VerifyPassword(password, hash)
	if err != nil {
		return false, fmt.Errorf("stored password hash: %w", err)
	}
	return ok, nil
}

// replacePassword stores the hash, ends every session of the account but keep (a
// session's secret; "" keeps none), audits and tells every instance.
func replacePassword(
	ctx context.Context,
	tx *gorm.DB,
	actor access.Actor,
	u User,
	hash,
	keep string,
) error {
	err := tx.Model(&userRow{}).Where("id = ?", u.ID).
		Updates(map[string]any{"password_hash": hash, "updated_at": gorm.Expr("now()")}).Error
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	// A secret's hash never matches the hash of "": then every session ends.
	err = tx.Model(&sessionRow{}).Where(
		"user_id = ? AND revoked_at IS NULL AND token_hash <> ?",
		u.ID,
		hashSecret(keep),
	).
		Update("revoked_at", gorm.Expr("now()")).Error
	if err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if err := auditAccount(ctx, tx, actor, audit.ActionChange, u.ID, u.Grants); err != nil {
		return err
	}
	return access.NotifySessionsEnded(tx)
}

// ownRoles fills in the roles a user acting on their own account holds, per
// municipality and nationally, so the audit log records them as for any other act.
func ownRoles(tx *gorm.DB, actor access.Actor, id uuid.UUID) (access.Actor, error) {
	var rows []struct {
		MunicipalityID *int32
		Roles          string
	}
	err := tx.Raw(ownRolesSQL, id).Scan(&rows).Error
	if err != nil {
		return actor, fmt.Errorf("own roles: %w", err)
	}
	actor.Roles = map[int32]string{}
	for _, r := range rows {
		if r.MunicipalityID == nil {
			actor.NationalRoles = r.Roles
		} else {
			actor.Roles[*r.MunicipalityID] = r.Roles
		}
	}
	return actor, nil
}
