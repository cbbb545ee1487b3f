package chart

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func ptr(v float64) *float64 { return &v }

func TestChartIsAccessibleWellFormedSVG(t *testing.T) {
	c := Chart{ID: "aanbod", Title: "Baanaanbod binnen 14 dagen",
		Desc: "Eindhoven 62%, Helmond geen gegevens", Percent: true, Max: 1,
		Bars: []Bar{
			{
				Label:    "Eindhoven",
				Segments: []Segment{{Value: 0.62}},
				Note:     "62% (n = 120)",
				Strong:   true,
				Lower:    ptr(0.5),
				Upper:    ptr(0.7),
			},
			{Label: "Helmond", Note: "geen gegevens"},
			{
				Label:    `<script>"&`,
				Segments: []Segment{{Value: 0.3}, {Value: 0.2, Striped: true}},
				Note:     "a & b",
			},
		},
		Reference: &Reference{Value: 0.91, Label: "Basislijn 91%"},
		Legend:    []Legend{{Label: "Werk"}, {Label: "Inburgering", Striped: true}},
	}
	svg := string(c.SVG())
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="aanbod-titel aanbod-beschrijving"`,
		`<title id="aanbod-titel">Baanaanbod binnen 14 dagen</title>`,
		`<desc id="aanbod-beschrijving">`, `geen gegevens`, `&lt;script&gt;`, `Basislijn 91%`, `url(#aanbod-streep)`} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, bad := range []string{"style=", "<script", "<style"} {
		if strings.Contains(svg, bad) {
			t.Errorf("contains %q: the CSP forbids inline script and style", bad)
		}
	}
}

func TestScale(t *testing.T) {
	tests := []struct {
		name string
		c    Chart
		want float64
	}{
		{"fixed", Chart{Max: 1, Bars: []Bar{{Segments: []Segment{{Value: 3}}}}}, 1},
		{
			"largest value, rounded up",
			Chart{Bars: []Bar{{Segments: []Segment{{Value: 180}}}, {Note: "geen gegevens"}}},
			200,
		},
		{"round ticks of 50", Chart{Bars: []Bar{{Segments: []Segment{{Value: 207}}}}}, 250},
		{"stacked", Chart{Bars: []Bar{{Segments: []Segment{{Value: 12}, {Value: 9}}}}}, 25},
		{"nothing to draw", Chart{Bars: []Bar{{Note: "geen gegevens"}}}, 1},
		{
			"reference counts",
			Chart{Bars: []Bar{{Segments: []Segment{{Value: 0.4}}}}, Reference: &Reference{Value: 0.91}},
			1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.scale(); got != tt.want {
				t.Errorf("scale = %v, want %v", got, tt.want)
			}
		})
	}
}

// A bar's note never crosses the reference line: "89%" beside a baseline of 91% moves
// to the right of the line; notes well clear of it stay after their bar.
func TestNoteClearsReferenceLine(t *testing.T) {
	noteAt := regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9]+" fill="#001a40">([^<]+)</text>`)
	for _, v := range []float64{0.89, 0.905, 0.91, 0.92, 0.5, 0.97} {
		note := fmt.Sprintf("%.0f%%", 100*v)
		c := Chart{ID: "u", Max: 1, Percent: true, Reference: &Reference{Value: 0.91, Label: "Basislijn"},
			Bars: []Bar{{Label: "na 12 maanden", Segments: []Segment{{Value: v}}, Note: note}}}
		refX := c.refX(c.labelWidth(), c.scale())
		var x float64
		for _, m := range noteAt.FindAllStringSubmatch(string(c.SVG()), -1) {
			if m[2] == note {
				x, _ = strconv.ParseFloat(m[1], 64)
			}
		}
		if x == 0 {
			t.Fatalf("%s: no note drawn", note)
		}
		w := float64(len(note)) * charWidth
		if x-4 < refX && x+w+4 > refX {
			t.Errorf("%s: note at %.1f–%.1f crosses the reference line at %.1f", note, x, x+w, refX)
		}
		if end := float64(c.labelWidth()) + barWidth*v; x < end {
			t.Errorf("%s: note at %.1f starts inside its bar (ends at %.1f)", note, x, end)
		}
	}
}
