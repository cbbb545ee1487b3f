package web

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
)

// caseID reads the case id of the path.
func caseID(c echo.Context) (uuid.UUID, error) { return pathID(c, "Dossier") }

// formDate reads a date as a date input sends it (2026-03-05), or as people type it
// where the browser has no date picker (5-3-2026). Empty gives nil.
func formDate(p *errs.Problems, field, s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, layout := range []string{time.DateOnly, "2-1-2006", "2/1/2006"} {
		if d, err := time.Parse(layout, s); err == nil {
			if !calendar.Plausible(d) {
				p.Add(field, calendar.Implausible)
				return nil
			}
			return &d
		}
	}
	p.Add(field, "Vul een geldige datum in, bijvoorbeeld 5-3-2026.")
	return nil
}

// formHours reads a number of hours; a comma is a decimal separator. Empty is 0.
func formHours(p *errs.Problems, field, s string) float64 {
	s = strings.TrimSpace(strings.Replace(s, ",", ".", 1))
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) { // "NaN" and "Inf" parse, but are no hours
		p.Add(field, "Vul een getal in, bijvoorbeeld 7,5.")
		return 0
	}
	return v
}

// formOptionalHours reads hours that may stay blank (an actual not entered yet): nil
// for an empty field, never 0.
func formOptionalHours(p *errs.Problems, field, s string) *float64 {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	v := formHours(p, field, s)
	return &v
}

func orZero(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}

// optionalHoursText shows hours that may be blank: "" for nil.
func optionalHoursText(v *float64) string {
	if v == nil {
		return ""
	}
	return hoursText(*v)
}

// moneyPattern is an amount in euros with at most two decimals and at most seven
// digits before them, so that its cents fit an integer column.
var moneyPattern = regexp.MustCompile(`^-?[0-9]{1,7}([.,][0-9]{1,2})?$`)

// formMoney reads an amount in euros ("14,50", "€ 14.50") as whole cents. Empty
// is 0. More decimals are refused, not rounded: 14,505 is no amount anybody is paid.
func formMoney(p *errs.Problems, field, s string) int {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	if s == "" {
		return 0
	}
	if !moneyPattern.MatchString(s) {
		p.Add(
			field,
			"Vul een bedrag in euro's in met hoogstens twee cijfers achter de komma, bijvoorbeeld 14,50.",
		)
		return 0
	}
	v, _ := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return int(math.Round(v * 100)) // exact: at most nine digits
}

func fieldProblems(list []errs.FieldProblem) map[string]string {
	out := map[string]string{}
	for _, f := range list {
		if _, seen := out[f.Name]; !seen { // the first reason is the most precise
			out[f.Name] = f.Reason
		}
	}
	return out
}

func (h *handlers) today() time.Time { return calendar.Today(h.Clock()) }

func optionsOf(values []string, labels map[string]string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{v, labelOr(labels, v)}
	}
	return out
}

var (
	genderLabels    = map[string]string{"man": "Man", "vrouw": "Vrouw", "x": "X (anders / onbekend)"}
	householdLabels = map[string]string{"alleenstaand": "Alleenstaand",
		"alleenstaande_ouder":  "Alleenstaande ouder",
		"paar_zonder_kinderen": "Paar zonder kinderen", "paar_met_kinderen": "Paar met kinderen", "anders": "Anders"}
	closeReasonLabels = map[string]string{"verhuisd": "Verhuisd", "uitgevallen": "Uitgevallen",
		"overleden":               "Overleden",
		"geen_recht_op_uitkering": "Geen recht op uitkering", "anders": "Andere reden"}
	routeLabels  = map[string]string{"b1": "B1-route", "onderwijs": "Onderwijsroute", "z": "Z-route"}
	resultLabels = map[string]string{"pvt": "PVT", "map": "MAP", "knm": "KNM",
		"examen_lezen":     "Examen lezen",
		"examen_luisteren": "Examen luisteren", "examen_schrijven": "Examen schrijven", "examen_spreken": "Examen spreken",
		"ontheffing": "Ontheffing", "vrijstelling": "Vrijstelling"}
	outcomeLabels = map[string]string{
		"behaald":      "behaald",
		"niet_behaald": "niet behaald",
		"afgerond":     "afgerond",
		"verleend":     "verleend",
	}
	contractLabels = map[string]string{"bepaalde_tijd": "Bepaalde tijd",
		"onbepaalde_tijd": "Onbepaalde tijd",
		"uitzend":         "Uitzendcontract", "oproep": "Oproepcontract", "leerwerk": "Leerwerkbaan"}
	offerStatusLabels = map[string]string{
		"open":         "Open",
		"geaccepteerd": "Geaccepteerd",
		"afgewezen":    "Afgewezen",
	}
	benefitKindLabels = map[string]string{
		"volledig":   "Volledige uitkering",
		"aanvullend": "Aanvullende uitkering",
	}
)
