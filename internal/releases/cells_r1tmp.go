package releases

// This file stands in for R2's cells.go (internal/releases/cells.go, CellsOf with the
// whole table set and the quality rules) until branch i11-r2 delivers it; the merge
// deletes it. It converts the counts of a block with the cell-key rules so that the
// build, finalisation and their tests run on real cells meanwhile.

import (
	"fmt"

	"github.com/startbaan/startbaan/internal/disclosure"
	"github.com/startbaan/startbaan/internal/outcomes"
)

// Block names one population's cells: everything of a Cell but the figure and values.
type Block struct {
	Population, PopulationCode     string
	CohortKey, CohortWidth, Cohort string
	Split, SplitValue              string
}

// CellsOf turns one block's figures into release cells (see R2's contract).
func CellsOf(b Block, f outcomes.Figures, curve []outcomes.AtWork) []Cell {
	var out []Cell
	count := func(figure string, n int, key int64) {
		c := Cell{Population: b.Population, PopulationCode: b.PopulationCode, CohortKey: b.CohortKey, CohortWidth: b.CohortWidth,
			Cohort: b.Cohort, Split: b.Split, SplitValue: b.SplitValue, Figure: figure, Status: CellSuppressed}
		if v, ok := disclosure.Perturb(n, key); ok {
			x := float64(v)
			c.Value, c.Status = &x, CellPublished
		}
		out = append(out, c)
	}
	count("cases", f.Cases, f.CasesKey)
	for _, s := range outcomes.Stages {
		count("stage."+s, f.ByStage[s], f.StageKeys[s])
	}
	for _, s := range outcomes.Steps {
		count("furthest."+s, f.Furthest[s], f.FurthestKeys[s])
	}
	for _, a := range curve {
		count(fmt.Sprintf("atWork.%dm.atRisk", a.Months), a.AtRisk, a.AtRiskKey)
	}
	return out
}
