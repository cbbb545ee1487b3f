// Package chart draws Startbaan's outcome charts on the server as inline SVG: no
// script, no inline style (the pages' CSP forbids both), colours as presentation
// attributes taken from the NL Design System voorbeeld theme. A chart is only a
// picture of its data table, which the page always shows beside it; the SVG carries
// a title and description for assistive technology. Charts draw only the live figures
// of the reader's own municipality, which are whole: nothing in them is suppressed.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"
)

// Colours of the voorbeeld theme, all with a contrast of at least 3:1 on white
// (WCAG 1.4.11) and text colours of at least 4.5:1.
const (
	colourBar     = "#00568b" // blauw-500
	colourStrong  = "#3b0fb0" // violet-600: the reader's own municipality or the total
	colourPattern = "#105f26" // groen-500, drawn as stripes so it differs by more than hue
	colourText    = "#001a40" // grijs-700
	colourAxis    = "#586c88"
	colourRef     = "#a01d23" // rood-500
)

// Segment is one part of a bar; most bars have one, a stacked bar more.
type Segment struct {
	Value   float64
	Striped bool // drawn with stripes instead of solid, so series differ by pattern too
}

// Bar is one row of a horizontal bar chart.
type Bar struct {
	Label    string
	Segments []Segment
	Note     string // the value as text after the bar ("62% (n = 120)")
	Lower    *float64
	Upper    *float64 // a 95 % interval, drawn as a whisker
	Strong   bool     // emphasised: the reader's own municipality or the total
}

// Reference is a vertical line across the chart, such as the national baseline.
type Reference struct {
	Value float64
	Label string
}

// Legend names a series by its pattern.
type Legend struct {
	Label   string
	Striped bool
}

// Chart is a horizontal bar chart.
type Chart struct {
	ID        string // unique on the page: ids of the title, description and patterns
	Title     string
	Desc      string
	Max       float64 // the end of the scale; 0 means the largest value shown
	Percent   bool    // values are shares (0..1), the axis reads in %
	Bars      []Bar
	Reference *Reference
	Legend    []Legend
}

// Geometry in SVG user units; the SVG scales to its container.
const (
	rowHeight = 30
	barHeight = 18
	barWidth  = 320
	noteWidth = 230
	padTop    = 12
	axisSpace = 34
	charWidth = 7.4 // average width of a character at font-size 13
	minLabel  = 90
	maxLabel  = 250
)

// SVG renders the chart. Every text is escaped.
func (c Chart) SVG() template.HTML {
	labelW := c.labelWidth()
	scale := c.scale()
	legendH := 0
	if len(c.Legend) > 0 {
		legendH = 26
	}
	refH := 0
	if c.Reference != nil {
		refH = 18
	}
	top := padTop + legendH + refH
	height := top + len(c.Bars)*rowHeight + axisSpace
	width := labelW + barWidth + noteWidth
	var b strings.Builder
	fmt.Fprintf(&b,
		`<svg xmlns="http://www.w3.org/2000/svg" class="sb-chart" role="img" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="%s-titel %s-beschrijving" font-family="inherit" font-size="13">`,
		width, height, width, height, esc(c.ID), esc(c.ID))
	fmt.Fprintf(
		&b,
		`<title id="%s-titel">%s</title><desc id="%s-beschrijving">%s</desc>`,
		esc(c.ID),
		esc(c.Title),
		esc(c.ID),
		esc(c.Desc),
	)
	c.defs(&b)
	c.legend(&b, labelW)
	for i, bar := range c.Bars {
		c.row(&b, bar, labelW, top+i*rowHeight, scale)
	}
	c.axis(&b, labelW, top, top+len(c.Bars)*rowHeight, scale)
	c.reference(&b, labelW, top, top+len(c.Bars)*rowHeight, scale)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text above went through esc
}

// labelWidth fits the longest label, within bounds; longer labels are shortened
// (the table beside the chart has them in full).
func (c Chart) labelWidth() int {
	n := 0
	for _, bar := range c.Bars {
		n = max(n, utf8.RuneCountInString(bar.Label))
	}
	return int(math.Min(maxLabel, math.Max(minLabel, math.Ceil(float64(n)*charWidth)+16)))
}

// scale is the value at the right end of the bars: Max, or the largest value.
func (c Chart) scale() float64 {
	if c.Max > 0 {
		return c.Max
	}
	m := 0.0
	for _, bar := range c.Bars {
		m = math.Max(m, bar.total())
		if bar.Upper != nil {
			m = math.Max(m, *bar.Upper)
		}
	}
	if c.Reference != nil {
		m = math.Max(m, c.Reference.Value)
	}
	if m == 0 {
		return 1
	}
	step := niceCeil(m / 5)
	return step * math.Ceil(m/step)
}

// step is the distance between ticks: quarters for shares, else a round number that
// gives about five ticks.
func (c Chart) step(scale float64) float64 {
	if c.Percent || c.Max > 0 {
		return scale / 4
	}
	return niceCeil(scale / 5)
}

func (b Bar) total() float64 {
	t := 0.0
	for _, s := range b.Segments {
		t += s.Value
	}
	return t
}

// defs holds the pattern: stripes for a second series.
func (c Chart) defs(b *strings.Builder) {
	fmt.Fprintf(b,
		`<defs><pattern id="%s-streep" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
			`<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="%s"/></pattern></defs>`, esc(c.ID), colourPattern)
}

func (c Chart) legend(b *strings.Builder, x int) {
	for i, l := range c.Legend {
		lx := x + i*200
		fmt.Fprintf(
			b,
			`<rect x="%d" y="%d" width="16" height="16" fill="%s" stroke="%s"/>`,
			lx,
			padTop-4,
			c.fill(l.Striped, false),
			colourText,
		)
		fmt.Fprintf(
			b,
			`<text x="%d" y="%d" fill="%s">%s</text>`,
			lx+22,
			padTop+9,
			colourText,
			esc(l.Label),
		)
	}
}

func (c Chart) fill(striped, strong bool) string {
	switch {
	case striped:
		return "url(#" + esc(c.ID) + "-streep)"
	case strong:
		return colourStrong
	}
	return colourBar
}

// refX is where the reference line stands, or -1 without one.
func (c Chart) refX(labelW int, scale float64) float64 {
	if c.Reference == nil {
		return -1
	}
	return float64(labelW) + barWidth*clamp(c.Reference.Value/scale)
}

// noteX places a bar's note after the bar, and after the reference line when the note
// would otherwise cross it (a bar of 89% beside a baseline of 91%).
func noteX(end, refX float64, note string) float64 {
	x := end + 6
	w := float64(utf8.RuneCountInString(note)) * charWidth
	if refX >= 0 && x-4 < refX && x+w+4 > refX {
		return refX + 6
	}
	return x
}

// row draws one bar: label, segments, interval and note.
func (c Chart) row(b *strings.Builder, bar Bar, labelW, y int, scale float64) {
	weight := ""
	if bar.Strong {
		weight = ` font-weight="700"`
	}
	ty := y + barHeight/2 + 5
	fmt.Fprintf(
		b,
		`<text x="%d" y="%d" text-anchor="end" fill="%s"%s>%s</text>`,
		labelW-8,
		ty,
		colourText,
		weight,
		esc(shorten(bar.Label, labelW)),
	)
	x0 := float64(labelW)
	end := x0
	for _, s := range bar.Segments {
		w := barWidth * clamp(s.Value/scale)
		// With a legend the series colours must match it; emphasis is then bold text only.
		fmt.Fprintf(b,
			`<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" stroke="%s" stroke-width="0.5"/>`,
			end, y, w, barHeight, c.fill(s.Striped, bar.Strong && len(c.Legend) == 0), colourText)
		end += w
	}
	if bar.Lower != nil && bar.Upper != nil {
		lx, ux, my := x0+barWidth*clamp(*bar.Lower/scale), x0+barWidth*clamp(*bar.Upper/scale), y+
			barHeight/2
		fmt.Fprintf(b,
			`<path d="M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d" stroke="%s" stroke-width="2" fill="none"/>`,
			lx, my, ux, lx, y+2, y+barHeight-2, ux, y+2, y+barHeight-2, colourText)
		end = math.Max(end, ux)
	}
	fmt.Fprintf(
		b,
		`<text x="%.1f" y="%d" fill="%s"%s>%s</text>`,
		noteX(math.Max(end, x0), c.refX(labelW, scale), bar.Note),
		ty,
		colourText,
		weight,
		esc(bar.Note),
	)
}

// axis draws the scale below the bars, with round ticks.
func (c Chart) axis(b *strings.Builder, labelW, top, bottom int, scale float64) {
	fmt.Fprintf(
		b,
		`<path d="M%d %dV%dH%d" stroke="%s" fill="none"/>`,
		labelW,
		top-4,
		bottom,
		labelW+barWidth,
		colourAxis,
	)
	step := c.step(scale)
	for i := 0; float64(i)*step <= scale*1.0001; i++ {
		v := float64(i) * step
		x := float64(labelW) + barWidth*v/scale
		fmt.Fprintf(b, `<path d="M%.1f %dV%d" stroke="%s"/>`, x, bottom, bottom+5, colourAxis)
		fmt.Fprintf(
			b,
			`<text x="%.1f" y="%d" text-anchor="middle" fill="%s" font-size="12">%s</text>`,
			x,
			bottom+19,
			colourText,
			esc(c.tick(v)),
		)
	}
}

func (c Chart) tick(v float64) string {
	if c.Percent {
		return fmt.Sprintf("%.0f%%", 100*v)
	}
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.Replace(fmt.Sprintf("%.1f", v), ".", ",", 1)
}

// reference draws the baseline as a dashed line with its label above the bars.
func (c Chart) reference(b *strings.Builder, labelW, top, bottom int, scale float64) {
	if c.Reference == nil {
		return
	}
	x := c.refX(labelW, scale)
	fmt.Fprintf(
		b,
		`<path d="M%.1f %dV%d" stroke="%s" stroke-width="2" stroke-dasharray="6 3"/>`,
		x,
		top-16,
		bottom,
		colourRef,
	)
	fmt.Fprintf(
		b,
		`<text x="%.1f" y="%d" text-anchor="end" fill="%s" font-size="12">%s</text>`,
		x-4,
		top-6,
		colourRef,
		esc(c.Reference.Label),
	)
}

func clamp(v float64) float64 {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	return math.Min(v, 1)
}

// niceCeil rounds up to 1, 2, 2.5 or 5 times a power of ten, for readable ticks.
func niceCeil(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func shorten(s string, width int) string {
	n := int(float64(width-16)/charWidth + 1e-9)
	if utf8.RuneCountInString(s) <= n || n < 2 {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func esc(s string) string { return template.HTMLEscapeString(s) }
