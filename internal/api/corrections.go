package api

import (
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/placements"
)

// Corrections (docs/domain.md, "Corrections"): nothing is deleted; each correction
// carries a reason and is recorded in the case's history. Operations that do not fit
// CRUD are sub-resources of what they correct (NL API Design Rules, API-10).

type reasonRequest struct {
	Reason string `json:"reason"`
}

type resultCorrectionRequest struct {
	Outcome string  `json:"outcome"`
	OnDate  *string `json:"onDate"`
	Reason  string  `json:"reason"`
}

type offerCorrectionRequest struct {
	OfferedOn       *string `json:"offeredOn"`
	ContractType    string  `json:"contractType"`
	HoursPerWeek    float64 `json:"hoursPerWeek"`
	HourlyWageCents int     `json:"hourlyWageCents"`
	StartDate       *string `json:"startDate"`
	EndDate         *string `json:"endDate"`
	Reason          string  `json:"reason"`
}

type offerWithdrawalJSON struct {
	JobOffer    jobOfferJSON `json:"jobOffer"`
	UndoneMoves int          `json:"undoneTransitions"`
}

// caseCorrection reads the case id, If-Match (optional) and the reason, runs fix and
// answers with the case as it now is.
func (h *handlers) caseCorrection(
	c echo.Context,
	fix func(id uuid.UUID, in cases.CorrectionInput) (cases.Case, error),
) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	version, err := ifMatch(c, false)
	if err != nil {
		return err
	}
	var req reasonRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	k, err := fix(id, cases.CorrectionInput{Reason: req.Reason, IfVersion: version})
	if err != nil {
		return err
	}
	return h.caseResponse(c, http.StatusOK, k)
}

func (h *handlers) undoTransition(c echo.Context) error {
	return h.caseCorrection(c, func(id uuid.UUID, in cases.CorrectionInput) (cases.Case, error) {
		return h.Cases.UndoLastMove(c.Request().Context(), h.guard.Actor(c), id, in)
	})
}

func (h *handlers) reopenCase(c echo.Context) error {
	return h.caseCorrection(c, func(id uuid.UUID, in cases.CorrectionInput) (cases.Case, error) {
		return h.Cases.Reopen(c.Request().Context(), h.guard.Actor(c), id, in)
	})
}

func (h *handlers) withdrawPIP(c echo.Context) error {
	version, err := strconv.Atoi(c.Param("version"))
	if err != nil {
		return errs.NotFound("PIP-versie")
	}
	return h.caseCorrection(c, func(id uuid.UUID, in cases.CorrectionInput) (cases.Case, error) {
		return h.Cases.WithdrawPIP(c.Request().Context(), h.guard.Actor(c), id, version, in)
	})
}

func pathResultID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("resultId"), 10, 64)
	if err != nil {
		return 0, errs.NotFound("Resultaat")
	}
	return id, nil
}

func (h *handlers) withdrawResult(c echo.Context) error {
	rid, err := pathResultID(c)
	if err != nil {
		return err
	}
	return h.caseCorrection(c, func(id uuid.UUID, in cases.CorrectionInput) (cases.Case, error) {
		return h.Cases.WithdrawResult(c.Request().Context(), h.guard.Actor(c), id, rid, in)
	})
}

func (h *handlers) correctResult(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	rid, err := pathResultID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c, false)
	if err != nil {
		return err
	}
	var req resultCorrectionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	var p errs.Problems
	in := cases.ResultCorrection{Outcome: req.Outcome, OnDate: parseDate(&p, "onDate", req.OnDate),
		CorrectionInput: cases.CorrectionInput{Reason: req.Reason, IfVersion: version}}
	if err := p.Err(); err != nil {
		return err
	}
	k, err := h.Cases.CorrectResult(c.Request().Context(), h.guard.Actor(c), id, rid, in)
	if err != nil {
		return err
	}
	return h.caseResponse(c, http.StatusOK, k)
}

func (h *handlers) withdrawJobOffer(c echo.Context) error {
	caseID, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	offerID, err := pathUUID(c, "jobOfferId")
	if err != nil {
		return err
	}
	var req reasonRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	w, err := h.Placements.WithdrawJobOffer(c.Request().Context(), h.guard.Actor(c), caseID, offerID,
		req.Reason)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, offerWithdrawalJSON{JobOffer: toJobOfferJSON(w.Offer), UndoneMoves: w.UndoneMoves})
}

func (h *handlers) correctJobOffer(c echo.Context) error {
	caseID, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	offerID, err := pathUUID(c, "jobOfferId")
	if err != nil {
		return err
	}
	var req offerCorrectionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	var p errs.Problems
	in := placements.OfferCorrection{OfferedOn: parseDate(&p, "offeredOn", req.OfferedOn),
		ContractType: req.ContractType, HoursPerWeek: req.HoursPerWeek, HourlyWageCents: req.HourlyWageCents,
		StartDate: parseDate(&p, "startDate", req.StartDate), EndDate: parseDate(&p, "endDate", req.EndDate),
		Reason: req.Reason}
	if req.OfferedOn == nil {
		p.Add("offeredOn", "Vul de datum van het aanbod in.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	o, err := h.Placements.CorrectJobOffer(c.Request().Context(), h.guard.Actor(c), caseID, offerID, in)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, toJobOfferJSON(o))
}
