package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/placements"
)

type employerRequest struct {
	Municipality string `json:"municipality"`
	Name         string `json:"name"`
	KvKNumber    string `json:"kvkNumber"`
	Sector       string `json:"sector"`
	employerContactJSON
}

// employerContactJSON are an employer's optional contact details (migration 00021).
type employerContactJSON struct {
	ContactPerson *string `json:"contactPerson"`
	Phone         *string `json:"phone"`
	Email         *string `json:"email"`
	Street        *string `json:"street"`
	HouseNumber   *string `json:"houseNumber"`
	Postcode      *string `json:"postcode"`
	City          *string `json:"city"`
}

func (j employerContactJSON) toDomain() placements.EmployerContact {
	return placements.EmployerContact{ContactPerson: j.ContactPerson, Phone: j.Phone, Email: j.Email,
		Street: j.Street, HouseNumber: j.HouseNumber, Postcode: j.Postcode, City: j.City}
}

func toEmployerContactJSON(k placements.EmployerContact) employerContactJSON {
	return employerContactJSON{ContactPerson: k.ContactPerson, Phone: k.Phone, Email: k.Email,
		Street: k.Street, HouseNumber: k.HouseNumber, Postcode: k.Postcode, City: k.City}
}

func (r employerRequest) toDomain() placements.NewEmployer {
	return placements.NewEmployer{
		MunicipalityCode: r.Municipality,
		Name:             r.Name,
		KvKNumber:        r.KvKNumber,
		Sector:           r.Sector,
		Contact:          r.employerContactJSON.toDomain(),
	}
}

type employerJSON struct {
	ID           uuid.UUID `json:"id"`
	Municipality string    `json:"municipality"`
	Name         string    `json:"name"`
	KvKNumber    string    `json:"kvkNumber"`
	Sector       string    `json:"sector"`
	CreatedAt    time.Time `json:"createdAt"`
	employerContactJSON
}

func toEmployerJSON(e placements.Employer) employerJSON {
	return employerJSON{
		ID:                  e.ID,
		Municipality:        e.MunicipalityCode,
		Name:                e.Name,
		KvKNumber:           e.KvKNumber,
		Sector:              e.Sector,
		CreatedAt:           e.CreatedAt,
		employerContactJSON: toEmployerContactJSON(e.EmployerContact),
	}
}

func (h *handlers) listEmployers(c echo.Context) error {
	list, err := h.Placements.ListEmployers(c.Request().Context(), h.guard.Actor(c),
		placements.EmployerFilter{
			MunicipalityCode: c.QueryParam("municipality"),
			Query:            c.QueryParam("q"),
		})
	if err != nil {
		return err
	}
	out := make([]employerJSON, len(list))
	for i, e := range list {
		out[i] = toEmployerJSON(e)
	}
	return h.json(c, http.StatusOK, map[string]any{"employers": out})
}

func (h *handlers) createEmployer(c echo.Context) error {
	var req employerRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	e, err := h.Placements.CreateEmployer(c.Request().Context(), h.guard.Actor(c), req.toDomain())
	if err != nil {
		return err
	}
	return h.json(c, http.StatusCreated, toEmployerJSON(e))
}

type jobOfferRequest struct {
	EmployerID      *string `json:"employerId"`
	OfferedOn       *string `json:"offeredOn"`
	ContractType    string  `json:"contractType"`
	HoursPerWeek    float64 `json:"hoursPerWeek"`
	HourlyWageCents int     `json:"hourlyWageCents"`
	Sector          string  `json:"sector"`
	StartDate       *string `json:"startDate"`
	EndDate         *string `json:"endDate"`
	SOWISRequested  bool    `json:"sowisRequested"`
	SOWISGranted    bool    `json:"sowisGranted"`
}

type jobOfferPatchRequest struct {
	Status         *string `json:"status"`
	DeclineReason  *string `json:"declineReason"`
	StartDate      *string `json:"startDate"`
	EndDate        *string `json:"endDate"`
	SOWISRequested *bool   `json:"sowisRequested"`
	SOWISGranted   *bool   `json:"sowisGranted"`
}

func (r jobOfferRequest) toDomain() (placements.NewJobOffer, error) {
	var p errs.Problems
	in := placements.NewJobOffer{EmployerID: parseUUID(&p, "employerId", r.EmployerID),
		OfferedOn: parseDate(&p, "offeredOn", r.OfferedOn), ContractType: r.ContractType,
		HoursPerWeek: r.HoursPerWeek, HourlyWageCents: r.HourlyWageCents, Sector: r.Sector,
		StartDate: parseDate(&p, "startDate", r.StartDate), EndDate: parseDate(&p, "endDate", r.EndDate),
		SOWISRequested: r.SOWISRequested, SOWISGranted: r.SOWISGranted}
	return in, p.Err()
}

func (r jobOfferPatchRequest) toDomain() (placements.JobOfferPatch, error) {
	var p errs.Problems
	patch := placements.JobOfferPatch{Status: r.Status, DeclineReason: r.DeclineReason,
		StartDate: parseDate(&p, "startDate", r.StartDate), EndDate: parseDate(&p, "endDate", r.EndDate),
		SOWISRequested: r.SOWISRequested, SOWISGranted: r.SOWISGranted}
	return patch, p.Err()
}

type jobOfferJSON struct {
	ID              uuid.UUID `json:"id"`
	CaseID          uuid.UUID `json:"caseId"`
	EmployerID      uuid.UUID `json:"employerId"`
	EmployerName    string    `json:"employerName"`
	OfferedOn       Date      `json:"offeredOn"`
	Status          string    `json:"status"`
	DeclineReason   *string   `json:"declineReason"`
	StartDate       *Date     `json:"startDate"`
	EndDate         *Date     `json:"endDate"`
	ContractType    string    `json:"contractType"`
	HoursPerWeek    float64   `json:"hoursPerWeek"`
	HourlyWageCents int       `json:"hourlyWageCents"`
	Sector          string    `json:"sector"`
	SOWISRequested  bool      `json:"sowisRequested"`
	SOWISGranted    bool      `json:"sowisGranted"`
	MeetsQualityBar bool      `json:"meetsQualityBar"`
	QualityIssues   []string  `json:"qualityIssues"`
	Warnings        []string  `json:"warnings"`
	CreatedAt       time.Time `json:"createdAt"`
	// A withdrawn offer (registered by mistake) stays listed and counts for nothing.
	WithdrawnAt     *time.Time `json:"withdrawnAt"`
	WithdrawnReason *string    `json:"withdrawnReason"`
}

func toJobOfferJSON(o placements.JobOffer) jobOfferJSON {
	return jobOfferJSON{ID: o.ID, CaseID: o.CaseID, EmployerID: o.EmployerID,
		EmployerName: o.EmployerName,
		OfferedOn:    date(o.OfferedOn), Status: o.Status, DeclineReason: o.DeclineReason, StartDate: datePtr(o.StartDate),
		EndDate: datePtr(o.EndDate), ContractType: o.ContractType, HoursPerWeek: o.HoursPerWeek,
		HourlyWageCents: o.HourlyWageCents, Sector: o.Sector, SOWISRequested: o.SOWISRequested,
		SOWISGranted: o.SOWISGranted, MeetsQualityBar: o.MeetsQualityBar,
		QualityIssues: append([]string{}, o.QualityIssues...),
		Warnings:      append([]string{}, o.Warnings...), CreatedAt: o.CreatedAt,
		WithdrawnAt: o.WithdrawnAt, WithdrawnReason: o.WithdrawnReason}
}

func (h *handlers) listJobOffers(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	list, err := h.Placements.ListJobOffers(c.Request().Context(), h.guard.Actor(c), id)
	if err != nil {
		return err
	}
	out := make([]jobOfferJSON, len(list))
	for i, o := range list {
		out[i] = toJobOfferJSON(o)
	}
	return h.json(c, http.StatusOK, map[string]any{"jobOffers": out})
}

func (h *handlers) createJobOffer(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	var req jobOfferRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	in, err := req.toDomain()
	if err != nil {
		return err
	}
	o, err := h.Placements.CreateJobOffer(c.Request().Context(), h.guard.Actor(c), id, in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(
		echo.HeaderLocation,
		"/api/v1/cases/"+id.String()+"/job-offers/"+o.ID.String(),
	)
	return h.json(c, http.StatusCreated, toJobOfferJSON(o))
}

func (h *handlers) patchJobOffer(c echo.Context) error {
	caseID, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	offerID, err := pathUUID(c, "jobOfferId")
	if err != nil {
		return err
	}
	var req jobOfferPatchRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	patch, err := req.toDomain()
	if err != nil {
		return err
	}
	o, err := h.Placements.UpdateJobOffer(
		c.Request().Context(),
		h.guard.Actor(c),
		caseID,
		offerID,
		patch,
	)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, toJobOfferJSON(o))
}
