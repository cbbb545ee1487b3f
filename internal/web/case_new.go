package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// formField is one input of a generated form; the template draws label, hint,
// error and input alike for all of them.
type formField struct {
	Name, Label, Hint, Type, Value, Autocomplete string
	Options                                      []option      // a select when set
	Groups                                       []optionGroup // a select with groups
	Error                                        string
}

type newCaseData struct {
	Fields []formField
	BSN    bsnCheck
}

// newCaseInputs are the form's inputs in order; their names are the domain's field
// names, so that its problems land beside the right input.
var newCaseInputs = []formField{
	{
		Name:         "bsn",
		Label:        "BSN",
		Hint:         "Negen cijfers; wordt gecontroleerd met de elfproef.",
		Type:         "text",
		Autocomplete: "off",
	},
	{Name: "name", Label: "Naam", Type: "text", Autocomplete: "off"},
	{Name: "birthDate", Label: "Geboortedatum", Type: "date"},
	{
		Name:    "gender",
		Label:   "Geslacht",
		Options: optionsOf([]string{"vrouw", "man", "x"}, genderLabels),
	},
	{
		Name:  "countryOfBirth",
		Label: "Geboorteland",
		Hint:  "De landen waar de meeste statushouders vandaan komen staan bovenaan.",
		// The Dutch names; the ISO 3166 code is what is stored.
		Groups: countryGroups(),
	},
	{Name: "residencePermitDate", Label: "Datum verblijfsvergunning", Type: "date"},
	{
		Name:  "householdType",
		Label: "Huishouden",
		Options: optionsOf(
			[]string{
				"alleenstaand",
				"alleenstaande_ouder",
				"paar_zonder_kinderen",
				"paar_met_kinderen",
				"anders",
			},
			householdLabels,
		),
	},
	{
		Name:    "languageLevelIntake",
		Label:   "Taalniveau bij intake",
		Options: optionsOf([]string{"A0", "A1", "A2", "B1", "B2", "C1"}, nil),
	},
	{Name: "registeredOn", Label: "Datum aanmelding (koppeling door COA)", Type: "date"},
	{Name: "note", Label: "Notitie (niet verplicht)", Type: "textarea"},
}

func (h *handlers) newCasePage(c echo.Context) error {
	values := map[string]string{"registeredOn": h.today().Format(time.DateOnly)}
	data, err := h.newCaseForm(c, values, nil)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "case_new", "Nieuw dossier", data, inNav("dossiers"))
}

// newCaseForm fills the inputs with what was typed and the problems found.
func (h *handlers) newCaseForm(
	c echo.Context,
	values,
	problems map[string]string,
) (newCaseData, error) {
	munis, err := h.caseMunicipalities(c, h.guard.Actor(c))
	if err != nil {
		return newCaseData{}, err
	}
	var data newCaseData
	if len(munis) > 1 {
		data.Fields = append(
			data.Fields,
			formField{Name: "municipality", Label: "Gemeente", Options: munis},
		)
	}
	data.Fields = append(data.Fields, newCaseInputs...)
	for i := range data.Fields {
		data.Fields[i].Value, data.Fields[i].Error = values[data.Fields[i].Name], problems[data.Fields[i].Name]
	}
	if v := values["bsn"]; v != "" && problems["bsn"] == "" {
		data.BSN = checkBSNText(v)
	}
	return data, nil
}

// caseMunicipalities lists the municipalities in which the user may register cases.
func (h *handlers) caseMunicipalities(c echo.Context, actor access.Actor) ([]option, error) {
	list, err := h.Pilots.MunicipalitiesOf(c.Request().Context(), actor)
	out := make([]option, len(list))
	for i, m := range list {
		out[i] = option{m.Code, m.Name}
	}
	return out, err
}

func (h *handlers) createCase(c echo.Context) error {
	values := map[string]string{}
	for _, f := range append([]formField{{Name: "municipality"}}, newCaseInputs...) {
		values[f.Name] = c.FormValue(f.Name)
	}
	in, p, err := h.newCaseInput(c, values)
	if err != nil {
		return err
	}
	if len(p) == 0 {
		created, err := h.Cases.Create(c.Request().Context(), h.guard.Actor(c), in)
		if err == nil {
			return h.redirect(c, "/dossiers/"+created.ID.String(), "case-created")
		}
		if !h.inputProblem(err, &p) {
			return err
		}
	} else {
		p.Merge(h.Cases.Validate(in))
	}
	data, err := h.newCaseForm(c, values, fieldProblems(p))
	if err != nil {
		return err
	}
	return h.render(
		c,
		http.StatusBadRequest,
		"case_new",
		"Nieuw dossier",
		data,
		inNav("dossiers"),
		withFields(fieldProblems(p)),
	)
}

// inputProblem turns a refusal of Create the user can fix into field problems.
func (h *handlers) inputProblem(err error, p *errs.Problems) bool {
	e, ok := errs.As(err)
	switch {
	case ok && e.Kind == errs.KindInvalid:
		*p = append(*p, e.Fields...)
	case ok && e.Kind == errs.KindConflict: // an active case for this BSN exists
		p.Add("bsn", e.Detail)
	default:
		return false
	}
	return true
}

// newCaseInput converts the form into the domain's input; what cannot be read
// becomes a problem of its field.
func (h *handlers) newCaseInput(
	c echo.Context,
	v map[string]string,
) (cases.NewCase, errs.Problems, error) {
	var p errs.Problems
	in := cases.NewCase{MunicipalityCode: v["municipality"], BSN: strings.TrimSpace(v["bsn"]),
		Name:      v["name"],
		BirthDate: formDate(&p, "birthDate", v["birthDate"]), Gender: v["gender"],
		CountryOfBirth:      strings.ToUpper(strings.TrimSpace(v["countryOfBirth"])),
		ResidencePermitDate: formDate(&p, "residencePermitDate", v["residencePermitDate"]),
		HouseholdType:       v["householdType"], LanguageLevelIntake: v["languageLevelIntake"],
		RegisteredOn: formDate(&p, "registeredOn", v["registeredOn"]), Note: strings.TrimSpace(v["note"])}
	if in.MunicipalityCode == "" { // one municipality: no choice to make
		munis, err := h.caseMunicipalities(c, h.guard.Actor(c))
		if err != nil {
			return in, nil, err
		}
		if len(munis) == 1 {
			in.MunicipalityCode = munis[0].Value
		}
	}
	// The user registers the case on their own caseload.
	if pr, ok := h.guard.Principal(c); ok {
		in.ClientManagerID = &pr.UserID
	}
	return in, p, nil
}

// bsnCheck is the answer of the 11-proef as the user types.
type bsnCheck struct {
	Message string
	OK      bool
	// Known is the case already kept for this BSN in a municipality where the user
	// may read cases (an active one first); nil when there is none.
	Known *knownCase
}

// knownCase is a case of the typed BSN, as the live check links to it.
type knownCase struct {
	ID, Name, Stage string
	Active          bool
}

func checkBSNText(s string) bsnCheck {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return bsnCheck{}
	case strings.Trim(s, "0123456789") != "":
		return bsnCheck{Message: "Een BSN bestaat alleen uit cijfers."}
	case len(s) != 9:
		return bsnCheck{
			Message: "Een BSN heeft 9 cijfers; u heeft er " + strconv.Itoa(len(s)) + " ingevuld.",
		}
	case !bsn.Valid(s):
		return bsnCheck{
			Message: "Dit BSN klopt niet: het voldoet niet aan de elfproef. Controleer de cijfers.",
		}
	}
	return bsnCheck{Message: "Dit BSN voldoet aan de elfproef.", OK: true}
}

// checkBSN answers the form's live check with a fragment. A number that passes the
// 11-proef is looked up, within the municipalities where the user may read cases
// (audited like every BSN search): a case kept there is named and linked, so that
// nobody types a whole form for a client who is already known. Another
// municipality's cases are out of scope and never mentioned.
func (h *handlers) checkBSN(c echo.Context) error {
	check := checkBSNText(c.FormValue("bsn"))
	if check.OK {
		found, err := h.Cases.FindByBSN(c.Request().Context(), h.guard.Actor(c),
			strings.TrimSpace(c.FormValue("bsn")))
		if err != nil {
			return err
		}
		if len(found) > 0 { // active cases come first
			k := found[0]
			check.Known = &knownCase{ID: k.ID.String(), Name: k.ClientName,
				Stage: string(k.Stage), Active: k.Stage != cases.StageAfgesloten}
		}
	}
	return h.render(c, http.StatusOK, "case_bsn", "BSN-controle", check, inNav("dossiers"))
}

// DescribedBy names the hint, the error and (for the BSN) the live check that
// belong to the input, for aria-describedby.
func (f formField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, "uitleg-"+f.Name)
	}
	if f.Error != "" {
		ids = append(ids, "fout-"+f.Name)
	}
	if f.Name == "bsn" {
		ids = append(ids, "bsn-controle")
	}
	return strings.Join(ids, " ")
}

// newCaseFieldView pairs a field with the live BSN check it may carry.
type newCaseFieldView struct {
	Field formField
	BSN   bsnCheck
}
