package cases

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/errs"
)

// ClosedText is what a write on a closed case answers: a closed case is read-only
// until a team lead reopens it (docs/domain.md, "Corrections").
const ClosedText = "Dit dossier is afgesloten en kan niet meer worden gewijzigd. " +
	"Een teamleider kan het heropenen."

// Closed is the error of a write on a closed case.
func Closed() error { return errs.Conflict(ClosedText) }

// refuseClosed refuses any write on a closed case.
func refuseClosed(cur lockedCase) error {
	if cur.Stage == StageAfgesloten {
		return Closed()
	}
	return nil
}

// move is one move of a case that still stands: its creation or a transition.
type move struct {
	ID         int64
	Kind       string
	FromStage  *string
	ToStage    *string
	OccurredOn time.Time
	Reentry    bool
	JobOfferID *uuid.UUID
}

// standingMoves lists the moves of a locked case that no correction undid, oldest
// first; the last one led the case to its current stage.
func standingMoves(tx *gorm.DB, cur lockedCase) ([]move, error) {
	var out []move
	if err := tx.Raw(movesSQL, cur.MunicipalityID, cur.ID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("case moves: %w", err)
	}
	return out, nil
}

// enteredBefore reports whether a move before the last entered stage s too.
func enteredBefore(moves []move, s Stage) bool {
	for _, m := range moves[:len(moves)-1] {
		if m.ToStage != nil && *m.ToStage == string(s) {
			return true
		}
	}
	return false
}

// checkReason validates the reason a correction must give.
func checkReason(p *errs.Problems, reason string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(reason)); {
	case n == 0:
		p.Add("reason", "Geef de reden van de correctie.")
	case n > maxNoteLength:
		p.Add("reason", "De reden is te lang (hoogstens 2000 tekens).")
	}
}
