package web

import (
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/users"
)

// The fuzz targets of this file feed arbitrary form input through the functions that
// turn a page's form into the domain's input. The property: no panic, and either
// field problems in Dutch or an input the domain and the database can take as it
// is — no number silently rounded, no NaN, no wrapped-around integer. Text is passed
// on as typed: invalid UTF-8 and NUL are refused for every form before it reaches a
// page handler.

// nastyValues are tried in every field.
var nastyValues = []string{"", " ", "0", "-0", "-1", "1e308", "1e309", "NaN", "Inf", "-Inf",
	"0x1p-2", "1_0", "59.995",
	"0,001", "7,5", "7.5", "1.000,50", "€ 14,50", "€14.505", "2026-W53", "0000-W01", "0000-01-01", "0001-01-01",
	"29-2-2026", "31/12/2026", "2026-02-30", "9999-12-31", "\x00", "\xff\xfe", "%00", strings.Repeat("9", 400),
	strings.Repeat("é", 5000)}

// formContext is a POST of the url-encoded body, as a page handler receives it.
func formContext(body string) echo.Context {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
	return echo.New().NewContext(req, httptest.NewRecorder())
}

// formOf is a form context with the given name/value pairs.
func formOf(pairs ...string) echo.Context {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return formContext(v.Encode())
}

// goErrorText finds Go's own (English) error text in what a user would read.
var goErrorText = []string{
	"strconv",
	"parsing",
	"cannot",
	"invalid",
	"unexpected",
	"error",
	"panic",
}

// requireDutch fails unless every problem names its field and says in Dutch what to do.
func requireDutch(t *testing.T, p []errs.FieldProblem) {
	t.Helper()
	for _, q := range p {
		if q.Name == "" || q.Reason == "" {
			t.Fatalf("a problem without field or reason: %+v", q)
		}
		for _, w := range goErrorText {
			if strings.Contains(q.Reason, w) {
				t.Fatalf("Go's error text reaches the page: %q", q.Reason)
			}
		}
	}
}

// requireHours fails for hours no column can take as given.
func requireHours(t *testing.T, field string, v float64) {
	t.Helper()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		t.Fatalf("%s: accepted %v", field, v)
	}
}

// requireDate fails for a date that is not a calendar day.
func requireDate(t *testing.T, field string, d *time.Time) {
	t.Helper()
	if d != nil && (d.Location() != time.UTC || !d.Equal(d.Truncate(24*time.Hour))) {
		t.Fatalf("%s: accepted %v, not a calendar day", field, d)
	}
}

func FuzzFormDate(f *testing.F) {
	for _, s := range nastyValues {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var p errs.Problems
		d := formDate(&p, "date", s)
		requireDutch(t, p)
		if (d == nil) == (len(p) == 0) && strings.TrimSpace(s) != "" {
			t.Fatalf("%q: date %v with problems %v", s, d, p)
		}
		requireDate(t, "date", d)
	})
}

func FuzzFormHours(f *testing.F) {
	for _, s := range nastyValues {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var p errs.Problems
		v := formHours(&p, "hours", s)
		requireDutch(t, p)
		if len(p) == 0 {
			requireHours(t, "hours", v)
		}
	})
}

func FuzzOfferForm(f *testing.F) {
	f.Add("2026-02-01", "24", "14,50", "1-3-2026", "", "0b8f3f5e-6c36-4a0b-a7f7-2f1c7d3a9e11")
	f.Add("2026-02-01", "0,001", "€ 14,505", "", "", "")
	f.Add("", "NaN", "NaN", "", "", "")
	f.Add("", "1e308", "1e308", "", "", "")
	f.Add("", "Inf", "21474836,48", "", "", "")
	f.Add("", "59.995", "-0", "", "", "nope")
	for _, s := range nastyValues {
		f.Add(s, s, s, s, s, s)
	}
	f.Fuzz(func(t *testing.T, offeredOn, hoursPerWeek, wage, start, end, employer string) {
		in, p := offerInput(formOf("offeredOn", offeredOn, "hoursPerWeek", hoursPerWeek, "hourlyWage",
			wage,
			"startDate", start, "endDate", end, "employerId", employer, "contractType", "bepaalde_tijd"))
		requireDutch(t, p)
		if len(p) > 0 {
			return
		}
		requireHours(t, "hoursPerWeek", in.HoursPerWeek)
		for name, d := range map[string]*time.Time{
			"offeredOn": in.OfferedOn,
			"startDate": in.StartDate,
			"endDate":   in.EndDate,
		} {
			requireDate(t, name, d)
		}
		requireExactCents(t, wage, in.HourlyWageCents)
	})
}

// requireExactCents fails unless cents is exactly the amount of euros typed: nothing
// rounded away, nothing wrapped around, within the integer column.
func requireExactCents(t *testing.T, typed string, cents int) {
	t.Helper()
	if cents < math.MinInt32 || cents > math.MaxInt32 {
		t.Fatalf("%q: %d cents do not fit the column", typed, cents)
	}
	var p errs.Problems
	euros := formHours(&p, "x", strings.TrimPrefix(strings.TrimSpace(typed), "€"))
	if len(p) == 0 && math.Abs(euros*100-float64(cents)) > 1e-6*math.Max(1, math.Abs(euros*100)) {
		t.Fatalf("%q became %d cents", typed, cents)
	}
}

func FuzzHoursGridForm(f *testing.F) {
	f.Add(
		"weeks=2026-W05&2026-W05.plannedWorkHours=24&2026-W05.actualWorkHours=22%2C5&2026-W05.seen=2026-02-02T10%3A00%3A00.123456Z",
	)
	f.Add(
		"weeks=2026-W05&weeks=2026-W05&2026-W05.plannedWorkHours=59.995&2026-W05.plannedIntegrationHours=108.005",
	)
	f.Add("weeks=2026-W06&2026-W06.absenceHours=NaN&weeks=x&x.absenceHours=1")
	f.Add("weeks=2026-W53&2026-W53.seen=&weeks=2020-W53&2020-W53.actualIntegrationHours=1e309")
	f.Add("weeks=0000-W01&0000-W01.plannedWorkHours=0,001&vanaf=%FF")
	f.Add("weeks=%zz&;;&=&weeks")
	f.Fuzz(func(t *testing.T, body string) {
		in, _, p := gridInput(formContext(body))
		requireDutch(t, p)
		if len(p) > 0 {
			return
		}
		for _, w := range in {
			if _, err := hours.ParseWeek(w.Week.String()); err != nil {
				t.Fatalf("accepted week %v", w.Week)
			}
			e := w.Entry
			for _, v := range []float64{
				e.PlannedWork,
				e.Work(),
				e.PlannedIntegration,
				e.Integration(),
				e.Absence,
			} {
				requireHours(t, w.Week.String(), v)
			}
		}
	})
}

func FuzzTransitionForm(f *testing.F) {
	f.Add("1-2-2026", "verhuisd", "verhuisd", "3", true)
	f.Add("2026-02-01", "", "", "9223372036854775808", false)
	f.Add("", "x", "", "-1", false)
	for _, s := range nastyValues {
		f.Add(s, s, s, s, true)
	}
	f.Fuzz(func(t *testing.T, date, note, closeReason, version string, closing bool) {
		to := cases.StageGevestigd
		if closing {
			to = cases.StageAfgesloten
		}
		in, p := transitionInput(
			formOf("date", date, "note", note, "closeReason", closeReason, "version", version),
			to,
		)
		requireDutch(t, p)
		if len(p) > 0 {
			return
		}
		if in.On == nil {
			t.Fatal("a move without a date")
		}
		requireDate(t, "date", in.On)
		if closing && in.CloseReason == nil {
			t.Fatal("closing without a reason to check")
		}
	})
}

func FuzzOfferDecisionForm(f *testing.F) {
	f.Add("geaccepteerd", "1-3-2026", "", "")
	f.Add("afgewezen", "", "", "te ver reizen")
	f.Add("open", "", "", "")
	for _, s := range nastyValues {
		f.Add(s, s, s, s)
	}
	f.Fuzz(func(t *testing.T, status, start, end, reason string) {
		patch, p := decisionPatch(
			formOf("status", status, "startDate", start, "endDate", end, "declineReason", reason),
		)
		requireDutch(t, p)
		if len(p) > 0 {
			return
		}
		if patch.Status == nil || (*patch.Status == "geaccepteerd" && patch.StartDate == nil) ||
			(*patch.Status == "afgewezen" && patch.DeclineReason == nil) {
			t.Fatalf("accepted an incomplete decision: %+v", patch)
		}
		requireDate(t, "startDate", patch.StartDate)
		requireDate(t, "endDate", patch.EndDate)
		end2, p2 := endPatch(formOf("startDate", start, "endDate", end))
		requireDutch(t, p2)
		if len(p2) == 0 && end2.EndDate == nil {
			t.Fatal("an end of placement without an end date")
		}
	})
}

func FuzzCaseEditForm(f *testing.F) {
	f.Add("benefitGrantedOn=2026-02-01&benefitKind=volledig&note=x")
	f.Add(
		"brpRegisteredOn=&ontzorgenStartedOn=31%2F12%2F2026&bredeIntakeStartedOn=0000-01-01&integrationRoute=+b1+",
	)
	f.Add("bredeIntakeCompletedOn=2026-02-30&integrationRoute=%00")
	inputs := append(
		append([]string{}, editForms["uitkering"].inputs...),
		editForms["inburgering"].inputs...,
	)
	f.Fuzz(func(t *testing.T, body string) {
		patch, p := editPatch(formContext(body), inputs)
		requireDutch(t, p)
		for _, name := range inputs {
			v, ok := patch.Values[name]
			if !ok {
				t.Fatalf("%s: an input of the form left unset", name)
			}
			f, _ := cases.FieldNamed(name)
			if _, isDate := v.(time.Time); v != nil && isDate != (f.Kind == cases.KindDate) {
				t.Fatalf("%s: a %v field holds %T", name, f.Kind, v)
			}
			switch x := v.(type) {
			case time.Time:
				requireDate(t, name, &x)
			case string:
				if x == "" || strings.TrimSpace(x) != x {
					t.Fatalf("%s: %q is neither cleared nor trimmed", name, x)
				}
			}
		}
	})
}

func FuzzLessonForm(f *testing.F) {
	f.Add(
		"municipality=GM0363&theme=werkgevers&title=Vaste+contactpersoon&tried=a&linkedFigures=offer_within_target",
	)
	f.Add("title=+&theme=&linkedFigures=&linkedFigures=%00&pilot=+")
	f.Add("title=x&theme=werkgevers&pilot=amsterdam-combi&linkedFigures=" + strings.Repeat("a", 1000))
	f.Fuzz(func(t *testing.T, body string) {
		var form lessonForm
		form.read(formContext(body))
		if len(form.check()) > 0 {
			return
		}
		text := form.text()
		if text.Title == "" || text.Theme == "" || (text.PilotCode != nil && *text.PilotCode == "") {
			t.Fatalf("accepted %+v", text)
		}
		for _, k := range text.LinkedFigures {
			if !strings.Contains(strings.Join(linkedFigureKeys, "\n"), k) {
				t.Fatalf("accepted figure %q", k)
			}
		}
	})
}

// FuzzSafeNext: the login form's return address is never another site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/dossiers?stage=gevestigd", "//evil.example", "/\\evil.example",
		"\\\\evil.example",
		"https://evil.example/", "/%2F%2Fevil.example", "/\t/evil.example", "\x00/", "/a b", "javascript:alert(1)",
		"/..//evil.example", "///evil.example", "/%5Cevil.example", "", "?x=1", "#a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		next := safeNext(s)
		if next == "" {
			return
		}
		u, err := url.Parse(next)
		if err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") ||
			strings.HasPrefix(next, "//") ||
			strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\x00\t\r\n") {
			t.Fatalf("%q gives return address %q", s, next)
		}
	})
}

// FuzzCheckBSNText: the live check of the new-case form says OK only for a valid BSN.
func FuzzCheckBSNText(f *testing.F) {
	for _, s := range append(
		[]string{"111222333", " 111222333 ", "123456782", "11122233", "１１１２２２３３３"},
		nastyValues...,
	) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := checkBSNText(s)
		if c.OK != bsn.Valid(strings.TrimSpace(s)) {
			t.Fatalf("%q: check says %+v", s, c)
		}
	})
}

// FuzzTokenForm: a token lives exactly the days typed, or the form is refused.
func FuzzTokenForm(f *testing.F) {
	for _, s := range append(
		[]string{"90", "1", "365", "366", "281474976710686", "9223372036854775807", "+30", "030"},
		nastyValues...,
	) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, days string) {
		ttl := tokenForm{ExpiresInDays: days}.lifetime()
		if ttl < 24*time.Hour || ttl > users.MaxTokenLifetime {
			return // refused by the service, with the allowed range beside the field
		}
		if got := int(ttl / (24 * time.Hour)); ttl%(24*time.Hour) != 0 ||
			strings.TrimLeft(strings.TrimPrefix(days, "+"), "0") != strconv.Itoa(got) {
			t.Fatalf("%q days gave a token of %v", days, ttl)
		}
	})
}
